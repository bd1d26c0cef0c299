package com.companyos.probes.internal;

import com.companyos.probes.ProbeKind;

/** What one kind of probe does in one attempt. */
interface Probe {

    ProbeKind kind();

    /**
     * One attempt in {@code attempt.place()}, within {@code attempt.remaining()}. Throws {@link PathFailure} when the
     * path did not do what it must (the path's owner is paged); any other exception is the probe itself breaking.
     */
    void attempt(ProbeAttempt attempt) throws Exception;
}
