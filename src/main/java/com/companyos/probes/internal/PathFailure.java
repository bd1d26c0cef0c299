package com.companyos.probes.internal;

/** The probed path did not do what it must; the message says what a person on call reads first. */
class PathFailure extends Exception {

    PathFailure(String message) {
        super(message);
    }
}
