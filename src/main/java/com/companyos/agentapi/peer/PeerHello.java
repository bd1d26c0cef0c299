package com.companyos.agentapi.peer;

/**
 * A region agent introducing itself to a peer over mutual TLS: the region (also proven by its certificate) and the
 * residency zone it serves, which the replication decision uses as the standby's zone.
 */
public record PeerHello(String region, String zone) {
}
