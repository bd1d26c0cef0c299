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

    /** The zone a person or client named (case-insensitive), or an error that lists the zones there are. */
    public static Zone of(String name) {
        if (name != null) {
            for (Zone z : values()) {
                if (z.name().equalsIgnoreCase(name.trim())) {
                    return z;
                }
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a residency zone; use one of "
                + java.util.Arrays.stream(values()).map(Enum::name).collect(java.util.stream.Collectors.joining(", ")));
    }
}
