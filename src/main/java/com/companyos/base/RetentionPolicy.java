package com.companyos.base;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Named retention policies. A record keeps data at least until its retention ends; a tenant cannot be torn down
 * while any of its records is still under retention.
 */
public enum RetentionPolicy {
    NONE("none", Period.ZERO),
    DAYS_30("30-days", Period.ofDays(30)),
    YEAR_1("1-year", Period.ofYears(1)),
    YEARS_7("7-years", Period.ofYears(7)),
    YEARS_10("10-years", Period.ofYears(10));

    private final String label;
    private final Period period;

    RetentionPolicy(String label, Period period) {
        this.label = label;
        this.period = period;
    }

    public String label() {
        return label;
    }

    /** The day retention ends for data stored at {@code storedAt}. */
    public LocalDate until(Instant storedAt) {
        return LocalDate.ofInstant(storedAt, ZoneOffset.UTC).plus(period);
    }

    public static RetentionPolicy of(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("retention policy is required (" + allowed() + ")");
        }
        return Arrays.stream(values()).filter(r -> r.label.equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("retention policy '" + value + "' is not one of " + allowed()));
    }

    public static String allowed() {
        return Arrays.stream(values()).map(RetentionPolicy::label).collect(Collectors.joining(", "));
    }
}
