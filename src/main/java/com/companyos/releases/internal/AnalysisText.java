package com.companyos.releases.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Numbers in reasons and rationales, always with a dot as decimal separator so evidence reads the same everywhere. */
final class AnalysisText {

    private AnalysisText() {
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** A share as a percentage: "31.0 %", with two decimals below 0.1 % so small shares do not all read "0.0 %". */
    static String pct(double share) {
        double p = share * 100;
        return f(p == 0 || Math.abs(p) >= 0.1 ? "%.1f %%" : "%.2f %%", p);
    }

    static String pValue(double p) {
        return p < 0.001 ? "p < 0.001" : f("p = %.3f", p);
    }

    static String duration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds == 0) {
            return d.isZero() ? "0 s" : f("%d ms", d.toMillis());
        }
        if (seconds < 0) {
            return "-" + duration(d.negated());
        }
        List<String> parts = new ArrayList<>();
        if (seconds >= 3600) {
            parts.add(seconds / 3600 + " h");
        }
        if (seconds % 3600 >= 60) {
            parts.add(seconds % 3600 / 60 + " min");
        }
        if (seconds % 60 != 0) {
            parts.add(seconds % 60 + " s");
        }
        return String.join(" ", parts);
    }

    /** A number without a trailing ".0" when it is whole: "10", "2.5". */
    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? f("%d", (long) v) : f("%.1f", v);
    }

    /** "a", "a and b", "a, b and c". */
    static String and(List<String> items) {
        if (items.size() <= 1) {
            return String.join("", items);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
