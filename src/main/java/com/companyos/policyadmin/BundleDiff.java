package com.companyos.policyadmin;

import com.companyos.policy.PolicyBundle;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** What changed between two bundles of a channel: per file, added, removed or changed, with a line diff. */
public final class BundleDiff {

    /** One file's change; {@code lines} are "+ added", "- removed" and "  unchanged" lines (changed files only). */
    public record FileChange(String file, String change, List<String> lines) {
    }

    private BundleDiff() {
    }

    public static List<FileChange> between(PolicyBundle from, PolicyBundle to) {
        List<FileChange> changes = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(from.files().keySet());
        names.addAll(to.files().keySet());
        for (String name : names) {
            String a = from.files().get(name);
            String b = to.files().get(name);
            if (a == null) {
                changes.add(new FileChange(name, "added", lines("+ ", b)));
            } else if (b == null) {
                changes.add(new FileChange(name, "removed", lines("- ", a)));
            } else if (!a.equals(b)) {
                changes.add(new FileChange(name, "changed", diff(a.split("\n", -1), b.split("\n", -1))));
            }
        }
        return changes;
    }

    private static List<String> lines(String prefix, String text) {
        return text.lines().map(l -> prefix + l).toList();
    }

    /** Longest-common-subsequence line diff: small files (policies), so the quadratic table is fine. */
    static List<String> diff(String[] a, String[] b) {
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                out.add("  " + a[i++]);
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add("- " + a[i++]);
            } else {
                out.add("+ " + b[j++]);
            }
        }
        while (i < a.length) {
            out.add("- " + a[i++]);
        }
        while (j < b.length) {
            out.add("+ " + b[j++]);
        }
        return out;
    }
}
