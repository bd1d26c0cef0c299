package com.companyos.trustreports.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the facts' maps in the order their pairs are written, because trust-report.json and the template list them in
 * that order. Shared by the collector, the residency section and the PDF, so none of them depends on another for it.
 */
final class OrderedMaps {

    private OrderedMaps() {
    }

    /** A map in the order of its key/value pairs. */
    static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
