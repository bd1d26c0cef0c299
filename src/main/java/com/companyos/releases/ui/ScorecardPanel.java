package com.companyos.releases.ui;

import com.companyos.base.ui.Components;
import com.companyos.releases.ReleaseScorecard;
import com.companyos.releases.ReleaseService;
import com.companyos.releases.ScorecardGate;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.server.streams.DownloadHandler;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A release's scorecard on its page: the verdict, big (go only when every required gate passes), one row per gate with
 * its status, threshold, inputs and evidence hash, and downloads of {@code release-scorecard.json} and, once sealed,
 * the evidence bundle.
 */
class ScorecardPanel extends Div {

    ScorecardPanel(ReleaseService releases, String version) {
        getElement().setAttribute("data-testid", "scorecard");
        add(new H3("Release scorecard"));
        ReleaseScorecard card;
        try {
            card = releases.scorecard(version, null);
        } catch (RuntimeException e) {
            add(Components.callout("bad", "The scorecard could not be judged now: " + e.getMessage()));
            return;
        }
        Span verdict = Components.badge(card.go() ? "GO" : "NO-GO", card.go() ? "success primary" : "error primary");
        verdict.getStyle().set("font-size", "var(--lumo-font-size-xxl)").set("padding", "0.4em 0.8em");
        verdict.getElement().setAttribute("data-testid", "scorecard-verdict");
        Div head = Components.div("scorecard-head", verdict, new Span(card.sealed()
                ? "Sealed " + Components.dateTime(card.sealedAt()) + " (signed, immutable)"
                : "Draft, judged " + Components.dateTime(card.judgedAt()) + ": sealed when its rollout ends"));
        head.getStyle().set("display", "flex").set("gap", "1em").set("align-items", "center");
        add(head);
        add(Components.intro((card.region() == null ? "No rollout yet. " : "Rollout in " + card.region() + " (" + card.rolloutId() + "). ")
                + (card.go() ? "Every required gate passed: promotion to 100 % is allowed."
                : "Promotion to 100 % is refused: " + String.join("; ", card.blocking().stream().map(g -> g.name() + " " + g.status()).toList())
                + ". Every gate is required; a gate not run is never a pass.")));

        Grid<ScorecardGate> gates = new Grid<>();
        gates.addColumn(ScorecardGate::name).setHeader("Gate").setWidth("11em").setFlexGrow(0);
        gates.addComponentColumn(ScorecardPanel::status).setHeader("Status").setWidth("7em").setFlexGrow(0);
        gates.addColumn(ScorecardGate::summary).setHeader("Result").setFlexGrow(3);
        gates.addColumn(ScorecardGate::threshold).setHeader("Threshold").setFlexGrow(2);
        gates.addColumn(g -> inputs(g.inputs())).setHeader("Inputs").setFlexGrow(2);
        gates.addComponentColumn(ScorecardPanel::evidence).setHeader("Evidence").setWidth("15em").setFlexGrow(0);
        gates.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        gates.setItems(card.gates());
        gates.setAllRowsVisible(true);
        gates.getElement().setAttribute("data-testid", "scorecard-gates");
        add(gates);

        Anchor json = new Anchor();
        json.setText("Download release-scorecard.json");
        String body = card.json();
        json.setHref((DownloadHandler) e -> {
            e.setFileName("release-" + version + "-scorecard.json");
            e.setContentType("application/json");
            e.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        });
        json.getElement().setAttribute("download", true);
        Div downloads = Components.div("scorecard-downloads", json);
        downloads.getStyle().set("display", "flex").set("gap", "1.5em");
        if (card.sealed()) {
            Anchor bundle = new Anchor();
            bundle.setText("Download the evidence bundle (zip, verifiable offline)");
            bundle.setHref((DownloadHandler) e -> {
                var evidence = releases.evidence(version, card.rolloutId());
                e.setFileName(evidence.fileName());
                e.setContentType("application/zip");
                e.getOutputStream().write(evidence.bytes());
            });
            bundle.getElement().setAttribute("download", true);
            bundle.getElement().setAttribute("data-testid", "scorecard-evidence-download");
            downloads.add(bundle);
        }
        add(downloads);
    }

    private static Component status(ScorecardGate g) {
        String theme = switch (g.status()) {
            case ScorecardGate.PASS -> "success";
            case ScorecardGate.WARN -> "contrast";
            case ScorecardGate.FAIL -> "error";
            default -> "";
        };
        Span s = Components.badge(g.status().replace('_', ' '), theme);
        s.getElement().setAttribute("data-gate", g.name());
        return s;
    }

    private static Component evidence(ScorecardGate g) {
        Span hash = new Span("sha256 " + g.evidenceSha256());
        hash.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)").set("font-size", "var(--lumo-font-size-xs)")
                .set("word-break", "break-all");
        Div cell = new Div(new Div(g.evidenceFile()), hash);
        cell.getElement().setAttribute("data-evidence", g.name());
        return cell;
    }

    private static String inputs(Map<String, Object> inputs) {
        return inputs.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
    }
}
