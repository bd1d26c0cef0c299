package com.companyos.releases.internal;

/** A window's overall result; {@code ERROR} means it could not be measured and counts neither way. */
public enum Outcome { PASS, FAIL, INCONCLUSIVE, ERROR }
