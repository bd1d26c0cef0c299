package com.companyos.base;

/** Nothing by that name or id exists for the caller (HTTP 404). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
