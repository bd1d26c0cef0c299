package com.companyos.residency.ui;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;

/** The residency view's period: how far back it looks and the step its chart counts by. */
enum Period {
    DAY("Last 24 hours", Duration.ofDays(1), ChronoUnit.HOURS),
    WEEK("Last 7 days", Duration.ofDays(7), ChronoUnit.DAYS),
    MONTH("Last 30 days", Duration.ofDays(30), ChronoUnit.DAYS);

    private final String label;
    private final Duration span;
    private final ChronoUnit step;

    Period(String label, Duration span, ChronoUnit step) {
        this.label = label;
        this.span = span;
        this.step = step;
    }

    String label() {
        return label;
    }

    Duration span() {
        return span;
    }

    ChronoUnit step() {
        return step;
    }

    /** From a link's {@code ?period=day|week|month}. */
    static Optional<Period> of(String name) {
        return Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }
}
