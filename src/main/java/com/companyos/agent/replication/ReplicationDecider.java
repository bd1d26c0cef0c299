package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agent.decisions.ResidencyGuard;
import com.companyos.agent.tenancy.TenantRef;
import com.companyos.agentapi.data.Seam;
import com.companyos.agentapi.peer.PeerHello;
import com.companyos.agentapi.peer.ReplicationChange;
import com.companyos.base.Hashing;
import com.companyos.base.RegionId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;

/**
 * The replication seam: before a batch leaves this region the policy decides on the standby region and the zone the
 * standby itself states over mutual TLS, over a digest of exactly the changes in the batch.
 */
@Component
class ReplicationDecider {

    private final TransactionTemplate decisionTx;
    private final ResidencyGuard guard;
    private final AgentSettings settings;

    ReplicationDecider(TransactionTemplate tx, ResidencyGuard guard, AgentSettings settings) {
        // Its own transaction: the decision and its receipt commit whatever happens to the batch (and a re-seed reads its
        // snapshot in a read-only transaction that cannot hold them).
        this.decisionTx = new TransactionTemplate(tx.getTransactionManager());
        decisionTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.guard = guard;
        this.settings = settings;
    }

    ResidencyGuard.Verdict decide(TenantRef ref, RegionId standby, PeerHello hello, long first, long last,
                                          List<ReplicationChange> changes) {
        boolean isFailover = !standby.value().equals(settings.region().value())
                && (standby.value().equals(ref.primaryRegion()) || standby.value().equals(ref.failoverRegion()));
        StringBuilder digest = new StringBuilder();
        for (ReplicationChange c : changes) {
            digest.append(c.seq()).append(':').append(c.op()).append(':').append(c.payloadSha256()).append('\n');
        }
        return decisionTx.execute(status -> guard.decide(Seam.REPLICATION, ref,
                "REPLICATE seq " + first + "–" + last + " (" + changes.size() + " change(s)) to " + standby,
                Map.of("standbyRegion", standby.value(), "standbyZone", hello.zone(), "standbyIsFailover", isFailover),
                Hashing.sha256Hex(digest.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                List.of(settings.region().value(), standby.value())));
    }
}
