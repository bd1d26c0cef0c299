package com.companyos.base;

import java.util.regex.Pattern;

/**
 * A region's identifier, e.g. {@code eu-west}. Lower-case words joined by dashes, optionally ending in a number.
 */
public record RegionId(String value) implements Comparable<RegionId> {

    private static final Pattern FORMAT = Pattern.compile("^[a-z]{2,12}(-[a-z]{2,12}){1,2}(-[0-9]{1,2})?$");

    public RegionId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a region id (expected e.g. eu-west, us-east-2)");
        }
    }

    public static RegionId of(String value) {
        return new RegionId(value);
    }

    @Override
    public int compareTo(RegionId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
