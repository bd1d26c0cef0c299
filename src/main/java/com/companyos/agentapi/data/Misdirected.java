package com.companyos.agentapi.data;

/** The body of a 421 Misdirected Request: this region does not serve the tenant; {@code correctRegion} does. */
public record Misdirected(int status, String title, String detail, String tenant, String correctRegion, String dataUrl,
                          String decisionId, String receiptId) {
}
