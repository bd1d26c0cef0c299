package com.companyos.base;

/** The request is valid but conflicts with the current state (HTTP 409); the message says what to do instead. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
