package com.companyos.base.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.html.DescriptionList;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Small shared building blocks so views look alike: badges, callouts, fact lists, relative times. */
public final class Components {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneId.of("UTC"));
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneId.of("UTC"));

    private Components() {
    }

    public static <T extends HasStyle> T withClass(T component, String... classNames) {
        component.addClassNames(classNames);
        return component;
    }

    /** A Lumo badge; {@code theme} is e.g. "success", "error", "contrast", "" (plain). */
    public static Span badge(String text, String theme) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add(("badge " + theme).trim());
        return badge;
    }

    /** A coloured note: {@code kind} is "ok", "bad" or "info". */
    public static Div callout(String kind, String text) {
        Div div = new Div(text);
        div.addClassNames("callout", kind);
        return div;
    }

    public static Paragraph intro(String text) {
        return withClass(new Paragraph(text), "view-intro");
    }

    /** A two-column list of label → value. */
    public static DescriptionList facts() {
        return withClass(new DescriptionList(), "facts");
    }

    public static void fact(DescriptionList list, String label, String value) {
        list.add(new DescriptionList.Term(label), new DescriptionList.Description(value == null ? "—" : value));
    }

    public static void fact(DescriptionList list, String label, Component value) {
        list.add(new DescriptionList.Term(label), new DescriptionList.Description(value));
    }

    public static String dateTime(Instant instant) {
        return instant == null ? "—" : DATE_TIME.format(instant);
    }

    public static String date(Instant instant) {
        return instant == null ? "—" : DATE.format(instant);
    }

    /** "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return "—";
        }
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 2) {
            return "just now";
        }
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 7200) {
            return s / 60 + " min ago";
        }
        if (s < 172800) {
            return s / 3600 + " h ago";
        }
        return s / 86400 + " d ago";
    }

    /** A div with one or more space-separated class names. */
    /**
     * Two date pickers for a period in UTC days ending today: {@code from} {@code days} days back, neither in the future,
     * with ids {@code <idPrefix>-from} and {@code <idPrefix>-to}.
     */
    public static void period(com.vaadin.flow.component.datepicker.DatePicker from, com.vaadin.flow.component.datepicker.DatePicker to,
                              java.time.LocalDate today, int days, String idPrefix) {
        from.setValue(today.minusDays(days));
        to.setValue(today);
        from.setMax(today);
        to.setMax(today);
        from.setId(idPrefix + "-from");
        to.setId(idPrefix + "-to");
    }

    public static Div div(String classNames, Component... children) {
        Div div = new Div(children);
        classes(div, classNames);
        return div;
    }

    public static Div text(String classNames, String text) {
        Div div = new Div(text);
        classes(div, classNames);
        return div;
    }

    /** Adds space-separated class names; none for a blank string (Flow refuses an empty class name). */
    private static void classes(Div div, String classNames) {
        if (classNames != null && !classNames.isBlank()) {
            div.addClassNames(classNames.trim().split("\\s+"));
        }
    }

    /** Tells the user an action worked (a short green notice in the corner). */
    public static void done(String text) {
        Notification.show(text, 4000, Notification.Position.BOTTOM_END).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** Tells the user why an action did not happen (a red notice that stays long enough to read). */
    public static void failed(String text) {
        Notification.show(text, 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
