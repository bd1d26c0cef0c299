package com.companyos.base;

/**
 * Where a refusal of a signed-in caller is kept as evidence (the console's audit log implements it). Lets code that
 * sits below the audit module (the API's error answers) record a refusal without depending on it.
 */
public interface RefusalLog {

    /** Records that the signed-in caller was refused {@code target} (e.g. {@code api:POST /api/v1/tenants}) because of {@code reason}. */
    void refused(String target, String reason);
}
