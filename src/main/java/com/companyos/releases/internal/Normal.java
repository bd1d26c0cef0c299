package com.companyos.releases.internal;

/**
 * The standard normal distribution, for the error-rate z-test. The JDK has no erfc; this is the Chebyshev fit of
 * Numerical Recipes ({@code erfcc}, section 6.2), whose error is below 1.2e-7 relative to the value, so p-values far
 * in the tail stay meaningful (Abramowitz–Stegun 7.1.26 is only good to 1.5e-7 absolute, useless below p ~ 1e-6).
 */
final class Normal {

    private Normal() {
    }

    /** The complementary error function. */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** P(Z &le; z). */
    static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** P(Z &gt; z), computed directly rather than as 1 - cdf so small tails do not cancel to 0. */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }
}
