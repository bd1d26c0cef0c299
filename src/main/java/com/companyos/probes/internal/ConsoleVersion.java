package com.companyos.probes.internal;

import org.springframework.stereotype.Component;

/**
 * The release that serves console paths (sign-in, the job queue): the console's own build,
 * {@code console@<implementation version>} ({@code console@dev} when run from classes, not a jar).
 */
@Component
class ConsoleVersion {

    private final String release;

    ConsoleVersion() {
        String v = ConsoleVersion.class.getPackage().getImplementationVersion();
        this.release = "console@" + (v == null ? "dev" : v);
    }

    String release() {
        return release;
    }
}
