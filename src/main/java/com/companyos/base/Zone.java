package com.companyos.base;

/**
 * A residency zone. Residency is enforced per zone: a residency-locked tenant's data is processed and stored only in
 * regions of its zone.
 */
public enum Zone {
    EU("European Union"),
    US("United States"),
    APAC("Asia-Pacific");

    private final String displayName;

    Zone(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
