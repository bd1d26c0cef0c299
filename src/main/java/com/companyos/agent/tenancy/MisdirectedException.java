package com.companyos.agent.tenancy;

import com.companyos.agentapi.data.Misdirected;

/** The tenant does not live in this region (HTTP 421); the body names the region that serves it. */
public class MisdirectedException extends RuntimeException {

    private final Misdirected body;

    public MisdirectedException(Misdirected body) {
        super(body.detail());
        this.body = body;
    }

    public Misdirected body() {
        return body;
    }
}
