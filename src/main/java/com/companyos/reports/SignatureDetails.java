package com.companyos.reports;

import java.util.Objects;

/**
 * What a PDF signature says about itself, shown by PDF readers in their signature panel.
 *
 * @param signerName who signs, e.g. "CompanyOS Control Plane"; blank for the certificate's common name
 * @param reason     why, e.g. "DR drill evidence" or "Trust Report issued to ACME"
 * @param location   where, e.g. the console's host or region
 */
public record SignatureDetails(String signerName, String reason, String location) {

    public SignatureDetails {
        signerName = Objects.requireNonNullElse(signerName, "");
        reason = Objects.requireNonNullElse(reason, "");
        location = Objects.requireNonNullElse(location, "");
    }
}
