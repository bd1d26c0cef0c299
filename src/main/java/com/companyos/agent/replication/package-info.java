/**
 * Active-passive replication between region agents: the outbox on the write path, the shipper to the standby, the
 * applier on the standby, the peers' mutual-TLS client and each tenant's role and epoch (fencing).
 */
package com.companyos.agent.replication;
