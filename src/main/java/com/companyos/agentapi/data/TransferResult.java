package com.companyos.agentapi.data;

/** What an allowed export or egress delivered, and under which decision and receipt. */
public record TransferResult(String transferId, String seam, String destination, String destinationZone, int records,
                             String artifactSha256, String classification, String retention, String decisionId, String receiptId) {
}
