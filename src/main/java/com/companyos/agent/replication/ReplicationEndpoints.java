package com.companyos.agent.replication;

import com.companyos.agent.AgentSettings;
import com.companyos.agentapi.control.ReplicationStatus;
import com.companyos.agentapi.control.RoleChange;
import com.companyos.agentapi.peer.ReplicationAck;
import com.companyos.agentapi.peer.ReplicationBatch;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** What the agent's replication API offers (the controller lives in {@code agent.api}). */
@Component
public class ReplicationEndpoints {

    private final ReplicationApplier applier;
    private final ReplicationRoles roles;
    private final ReplicationShipper shipper;
    private final AgentSettings settings;

    ReplicationEndpoints(ReplicationApplier applier, ReplicationRoles roles, ReplicationShipper shipper, AgentSettings settings) {
        this.applier = applier;
        this.roles = roles;
        this.shipper = shipper;
        this.settings = settings;
    }

    public ReplicationAck apply(ReplicationBatch batch, String peerRegion) {
        return applier.apply(batch, peerRegion);
    }

    public List<ReplicationStatus> all() {
        return roles.all();
    }

    public Optional<ReplicationStatus> status(UUID tenant) {
        return roles.status(tenant);
    }

    public ReplicationStatus change(UUID tenant, RoleChange change) {
        ReplicationStatus status = roles.change(tenant, change);
        if (RoleChange.ACTIVE.equals(change.role())) {
            shipper.wake(tenant, 0);
        }
        return status;
    }

    /** Lag per tenant in the Prometheus text exposition format. */
    public String prometheus() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP companyos_replication_lag_changes Changes committed in the active region and not yet acknowledged by the standby.\n");
        out.append("# TYPE companyos_replication_lag_changes gauge\n");
        List<ReplicationStatus> all = roles.all();
        for (ReplicationStatus s : all) {
            if ("ACTIVE".equals(s.role())) {
                out.append("companyos_replication_lag_changes").append(labels(s)).append(' ').append(s.seqBehind()).append('\n');
            }
        }
        out.append("# HELP companyos_replication_lag_seconds Age of the oldest change not yet acknowledged by the standby.\n");
        out.append("# TYPE companyos_replication_lag_seconds gauge\n");
        for (ReplicationStatus s : all) {
            if ("ACTIVE".equals(s.role())) {
                out.append("companyos_replication_lag_seconds").append(labels(s)).append(' ')
                        .append(String.format(Locale.ROOT, "%.3f", s.secondsBehind())).append('\n');
            }
        }
        out.append("# HELP companyos_replication_applied_seq Highest change sequence number applied on this standby.\n");
        out.append("# TYPE companyos_replication_applied_seq gauge\n");
        for (ReplicationStatus s : all) {
            if ("STANDBY".equals(s.role())) {
                out.append("companyos_replication_applied_seq").append(labels(s)).append(' ').append(s.appliedSeq()).append('\n');
            }
        }
        out.append("# HELP companyos_replication_epoch The tenant's epoch (fencing token) as this region knows it.\n");
        out.append("# TYPE companyos_replication_epoch gauge\n");
        for (ReplicationStatus s : all) {
            out.append("companyos_replication_epoch").append(labels(s)).append(' ').append(s.epoch()).append('\n');
        }
        return out.toString();
    }

    private String labels(ReplicationStatus s) {
        return "{region=\"" + settings.region() + "\",tenant=\"" + s.slug() + "\",role=\"" + s.role() + "\"}";
    }
}
