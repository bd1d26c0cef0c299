package com.companyos.releases.internal;

/**
 * What one signal said about one window. {@code INCONCLUSIVE}: too little traffic to tell; {@code ERROR}: the window
 * could not be measured; {@code NOT_RUN}: the signal had nothing to look at (synthetic probes that did not run).
 */
public enum SignalState { PASS, FAIL, INCONCLUSIVE, ERROR, NOT_RUN }
