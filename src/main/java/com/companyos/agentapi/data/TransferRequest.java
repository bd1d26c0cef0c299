package com.companyos.agentapi.data;

import java.util.List;

/**
 * An export (records to a registered destination) or an egress (one record through an outbound adapter or webhook):
 * the destination's name, and which records: of one {@code classification} (required for exports), or the given
 * {@code keys} (egress: exactly one).
 */
public record TransferRequest(String destination, String classification, List<String> keys) {
}
