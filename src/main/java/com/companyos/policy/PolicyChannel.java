package com.companyos.policy;

/** A stream of policy bundles. Tenants on Dedicated Compliance Partitions follow the stricter {@code dcp} channel. */
public enum PolicyChannel {
    STANDARD("standard"),
    DCP("dcp");

    private final String folder;

    PolicyChannel(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }

    public static PolicyChannel of(String name) {
        for (PolicyChannel c : values()) {
            if (c.folder.equalsIgnoreCase(name) || c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown policy channel '" + name + "' (standard or dcp)");
    }
}
