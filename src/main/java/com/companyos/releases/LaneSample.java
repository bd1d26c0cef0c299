package com.companyos.releases;

/** What one lane (stable or canary) served in one analysis window; {@code p99Millis} null without writes. */
public record LaneSample(long requests, long serverErrors, long writes, Double p99Millis) {

    public double errorShare() {
        return requests == 0 ? 0 : (double) serverErrors / requests;
    }
}
