package com.companyos.dr;

import com.companyos.agentapi.AgentPaths;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.regions.LocalAgentSupervisor;
import com.companyos.regions.RegionAgents;
import com.companyos.support.As;
import com.companyos.support.ConsoleIT;
import com.companyos.support.DataApi;
import com.companyos.support.TestTenants;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantService;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Synchronous replication: a write is acknowledged only once the standby has it; without the standby it is not. */
class SyncReplicationIT extends ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"classification\":\"internal\",\"retentionPolicy\":\"none\",\"data\":\"sync\"}";

    @Autowired
    TenantService tenants;
    @Autowired
    FailoverService failover;
    @Autowired
    RegionAgents agents;
    @Autowired
    LocalAgentSupervisor supervisor;

    @Test
    void a_synchronous_write_is_acknowledged_only_after_the_standby_applied_it() throws Exception {
        awaitAllRegionsHealthy();
        Tenant t = TestTenants.createUnlocked(tenants, ReplicationIT.request(TestTenants.slug("sync"), "eu-west", "eu-central"));
        As.operator(() -> failover.replicationMode(t.slug(), "SYNC", "RPO 0 for this tenant"));
        String token = As.operator(() -> tenants.issueToken(t.slug(), "writer")).token();
        DataApi api = new DataApi(DATA_DIR.resolve("pki/ca.crt"), DATA_PORTS.get(EU_WEST), t.slug(), token);
        // The directory push that carries the mode reaches the agent right after the change; give it a moment.
        HttpResponse<String> first = null;
        for (int i = 0; i < 50; i++) {
            first = api.put("k-" + i, BODY);
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            if (JSON.readTree(first.body()).path("replication").asText().startsWith("sync:")) {
                break;
            }
            sleep(100);
        }
        JsonNode stored = JSON.readTree(first.body());
        assertThat(stored.path("replication").asText()).isEqualTo("sync:eu-central");
        ReplicationStatus standby = agents.client(EU_CENTRAL).get(AgentPaths.tenantReplication(t.id().toString()), ReplicationStatus.class)
                .orElseThrow();
        assertThat(standby.appliedSeq()).isGreaterThanOrEqualTo(stored.path("seq").asLong());

        supervisor.kill(EU_CENTRAL);
        try {
            HttpResponse<String> unconfirmed = api.put("while-standby-down", BODY);
            assertThat(unconfirmed.statusCode()).isEqualTo(503);
            assertThat(unconfirmed.body()).contains("did not confirm").contains("Retrying the same write is safe");
        } finally {
            supervisor.restart(EU_CENTRAL);
        }
        awaitAllRegionsHealthy();
        // Committed in eu-west all along, it reaches eu-central once it is back.
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                ReplicationStatus s = agents.client(EU_WEST).get(AgentPaths.tenantReplication(t.id().toString()), ReplicationStatus.class)
                        .orElseThrow();
                if (s.seqBehind() == 0) {
                    return;
                }
            } catch (RuntimeException restarting) {
                // retry
            }
            sleep(200);
        }
        throw new AssertionError("eu-central did not catch up after its restart");
    }
}
