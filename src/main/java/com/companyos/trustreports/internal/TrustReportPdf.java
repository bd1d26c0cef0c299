package com.companyos.trustreports.internal;

import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.keys.ControlPlaneKeys;
import com.companyos.pki.InTotoStatement;
import com.companyos.pki.Pem;
import com.companyos.reports.PdfComposer;
import com.companyos.reports.PdfSigner;
import com.companyos.reports.ReportAttachment.Relationship;
import com.companyos.reports.ReportDocument;
import com.companyos.reports.SignatureDetails;
import com.fasterxml.jackson.core.type.TypeReference;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a Trust Report's stored facts through the template into a PDF/A-3b file for one person: their name and the
 * time in every page's footer (the watermark is composed before signing, so the PAdES signature covers it), the facts
 * attached as trust-report.json with their DSSE-signed in-toto statement, the Merkle verification script and the
 * certificates to check both signatures.
 */
@Component
public class TrustReportPdf {

    public static final String PREDICATE = "https://companyos.example/trust-report/v1";
    static final String TEMPLATE = "reports/templates/trust-report.md";
    static final String VERIFY_SCRIPT = "reports/templates/verify-merkle.py";

    /** A rendered copy: its file name, bytes and SHA-256. */
    public record Rendered(String fileName, byte[] pdf, String sha256) {
    }

    private final ControlPlaneKeys keys;
    private final Clock clock;
    private final TrustReportTemplate template;
    private final byte[] verifyScript;

    TrustReportPdf(ControlPlaneKeys keys, Clock clock, @Value("${companyos.trust-reports.template:}") String templateFile) {
        this.keys = keys;
        this.clock = clock;
        this.template = load(templateFile);
        this.verifyScript = classpath(VERIFY_SCRIPT);
    }

    /** The template in use: the file {@code companyos.trust-reports.template} if set, else the one shipped in the jar. */
    public TrustReportTemplate template() {
        return template;
    }

    public static String fileName(String tenant, String fromDate, String toDate) {
        return "trust-report-" + tenant + "-" + fromDate + "-to-" + toDate + ".pdf";
    }

    /** The signed PDF of {@code factsJson} for {@code downloadedBy}, stamped with the current time. */
    public Rendered render(String factsJson, String downloadedBy) {
        Map<String, Object> facts = parse(factsJson);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        @SuppressWarnings("unchecked")
        Map<String, Object> tenant = (Map<String, Object>) facts.get("tenant");
        @SuppressWarnings("unchecked")
        Map<String, Object> period = (Map<String, Object>) facts.get("period");
        @SuppressWarnings("unchecked")
        Map<String, Object> report = (Map<String, Object>) facts.get("report");
        String fileName = fileName(String.valueOf(tenant.get("slug")), String.valueOf(period.get("fromDate")), String.valueOf(period.get("toDate")));
        String factsSha256 = Hashing.sha256Hex(factsJson.getBytes(StandardCharsets.UTF_8));
        String watermark = "Downloaded by " + downloadedBy + " at " + now + " · report " + report.get("id") + " · facts sha256 "
                + factsSha256.substring(0, 16) + "…";
        Map<String, Object> context = new LinkedHashMap<>(facts);
        context.put("delivery", OrderedMaps.ordered("downloadedBy", downloadedBy, "downloadedAt", now.toString(),
                "factsSha256", factsSha256, "fileName", fileName,
                "documentSigner", keys.documentSigningKey().certificate().getSubjectX500Principal().getName()));
        String dsse = InTotoStatement.signedEnvelope("trust-report.json", factsJson, PREDICATE, facts, keys.platformSigningKey());
        ReportDocument document = template.render(context, new TrustReportBlocks(facts))
                .watermark(watermark)
                .metadata("CompanyOS Control Plane", "Trust Report for " + tenant.get("slug") + ", " + period.get("from") + " to " + period.get("to"),
                        "trust-report", String.valueOf(tenant.get("slug")), "residency", "PDF/A-3b")
                .attach("trust-report.json", "application/json", factsJson.getBytes(StandardCharsets.UTF_8),
                        "The facts behind every figure of this report (canonical JSON)", Relationship.DATA)
                .attach("trust-report.dsse.json", "application/json", dsse.getBytes(StandardCharsets.UTF_8),
                        "The facts signed by the platform's Ed25519 key: an in-toto Statement in a DSSE envelope", Relationship.SOURCE)
                .attach("verify-merkle.py", "text/x-python", verifyScript, "Recomputes the Merkle roots from the facts and from a "
                        + "residency proof bundle's receipts", Relationship.SUPPLEMENT)
                .attach("platform-signing.crt", "application/x-pem-file", pem(keys.platformSigningKey().chain()),
                        "The platform's Ed25519 signing certificate (checks trust-report.dsse.json)", Relationship.SUPPLEMENT)
                .attach("ca.crt", "application/x-pem-file", pem(List.of(root(keys.documentSigningKey().chain()))),
                        "The CompanyOS CA certificate that issued the signing certificates", Relationship.SUPPLEMENT)
                .build();
        byte[] composed = new PdfComposer(clock).compose(document);
        byte[] signed = new PdfSigner(keys.documentSigningKey(), clock).sign(composed, new SignatureDetails("CompanyOS Control Plane",
                "Trust Report " + report.get("id") + " for " + tenant.get("slug") + ", downloaded by " + downloadedBy, "control plane"));
        return new Rendered(fileName, signed, Hashing.sha256Hex(signed));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("The stored facts of a Trust Report are not JSON", e);
        }
    }

    private static java.security.cert.X509Certificate root(List<java.security.cert.X509Certificate> chain) {
        return chain.get(chain.size() - 1);
    }

    private static byte[] pem(List<java.security.cert.X509Certificate> certificates) {
        StringBuilder s = new StringBuilder();
        certificates.forEach(c -> s.append(Pem.encode(c)));
        return s.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static TrustReportTemplate load(String file) {
        try {
            if (file != null && !file.isBlank()) {
                return TrustReportTemplate.parse(Path.of(file).getFileName().toString(), Files.readString(Path.of(file)), TrustReportBlocks.NAMES);
            }
            return TrustReportTemplate.parse("trust-report.md", new String(classpath(TEMPLATE), StandardCharsets.UTF_8), TrustReportBlocks.NAMES);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the Trust Report template " + file, e);
        }
    }

    static byte[] classpath(String resource) {
        try (InputStream in = TrustReportPdf.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the class path (the build copies reports/templates)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
