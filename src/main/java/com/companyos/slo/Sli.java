package com.companyos.slo;

/** The two service level indicators of a target's governed data API. */
public enum Sli {
    /** Governed requests answered without a 5xx. */
    AVAILABILITY("availability"),
    /** Governed writes answered within the latency threshold (a p95 objective is "95 % within the threshold"). */
    LATENCY("latency");

    private final String id;

    Sli(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Sli of(String id) {
        for (Sli s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("Unknown SLI '" + id + "'");
    }
}
