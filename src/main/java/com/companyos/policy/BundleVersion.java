package com.companyos.policy;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How bundle versions are ordered, and which bundle may replace the one in force. A version is letters, digits and
 * {@code . - + _}; it is compared part by part (parts are separated by {@code .} or {@code -}): two numbers as numbers,
 * anything else as text, a number after text, and a version that extends another is newer ({@code 2026.11.2} &lt;
 * {@code 2026.11.10} &lt; {@code 2026.11.10-hotfix}). A bundle never replaces a newer one, nor one of the same version:
 * an older policy is put back in force by publishing its content under a new version, so a replayed older bundle
 * (validly signed in its day) cannot roll a region back.
 */
public final class BundleVersion {

    private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private BundleVersion() {
    }

    /** @throws IllegalArgumentException if {@code version} is not letters, digits and {@code . - + _} (at most 64) */
    public static String requireWellFormed(String version) {
        if (version == null || !WELL_FORMED.matcher(version).matches()) {
            throw new IllegalArgumentException("Bundle version '" + version + "' is not a version: use letters, digits and . - + _"
                    + " (at most 64 characters), e.g. 2026.11.3");
        }
        return version;
    }

    /** Negative if {@code a} is older than {@code b}, zero if they are the same version, positive if newer. */
    public static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            boolean xn = NUMBER.matcher(x[i]).matches();
            boolean yn = NUMBER.matcher(y[i]).matches();
            int c = xn && yn ? new BigInteger(x[i]).compareTo(new BigInteger(y[i]))
                    : xn != yn ? (xn ? 1 : -1)
                    : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /**
     * Why the offered bundle must not replace the one in force, or empty if it may (it is newer, or it is the very
     * bundle in force).
     */
    public static Optional<String> refusalToReplace(String inForceVersion, String inForceSha256, String offeredVersion,
                                                    String offeredSha256) {
        if (inForceSha256.equals(offeredSha256)) {
            return Optional.empty();
        }
        int c = compare(offeredVersion, inForceVersion);
        if (c < 0) {
            return Optional.of("Version " + offeredVersion + " is older than " + inForceVersion + ", the version in force; a region never"
                    + " goes back to an older bundle (a rollback is published as a new version with the old content)");
        }
        if (c == 0) {
            return Optional.of("Version " + offeredVersion + " is the version in force (" + inForceVersion + ") with other content"
                    + " (sha256 " + offeredSha256 + ", in force " + inForceSha256 + ")");
        }
        return Optional.empty();
    }
}
