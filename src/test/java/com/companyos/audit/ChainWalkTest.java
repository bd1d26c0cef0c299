package com.companyos.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ChainWalkTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void an_intact_chain_that_reaches_its_anchor_passes() {
        List<AuditEntry> chain = chain(5, "original");
        ChainWalk walk = walk(ChainWalk.fromGenesis(anchor(chain.get(3))), chain);
        assertThat(walk.intact()).as(walk.problem()).isTrue();
        assertThat(walk.headSeq()).isEqualTo(5);
    }

    @Test
    void a_chain_cut_short_before_the_anchored_entry_is_truncated() {
        List<AuditEntry> chain = chain(5, "original");
        ChainWalk walk = walk(ChainWalk.fromGenesis(anchor(chain.get(4))), chain.subList(0, 2));
        assertThat(walk.intact()).isFalse();
        assertThat(walk.brokenAt()).isEqualTo(3);
        assertThat(walk.problem()).contains("the chain ends at entry #2").contains("entries #3 to #5 were removed").contains("truncated");
    }

    @Test
    void a_consistently_rewritten_chain_differs_at_the_anchored_entry() {
        ChainAnchor anchor = anchor(chain(5, "original").get(2));
        ChainWalk walk = walk(ChainWalk.fromGenesis(anchor), chain(5, "forged"));
        assertThat(walk.intact()).isFalse();
        assertThat(walk.brokenAt()).isEqualTo(3);
        assertThat(walk.problem()).contains("entry #3 does not match its anchor").contains("rewritten");
    }

    @Test
    void from_an_anchor_only_what_was_appended_since_is_read_and_it_must_start_at_the_anchored_hash() {
        List<AuditEntry> chain = chain(6, "original");
        ChainWalk walk = ChainWalk.fromAnchor(anchor(chain.get(3)));
        assertThat(walk.readAfter()).isEqualTo(3);
        walk(walk, chain.subList(3, 6));
        assertThat(walk.intact()).as(walk.problem()).isTrue();
        assertThat(walk.headSeq()).isEqualTo(6);
        assertThat(walk.headHash()).isEqualTo(chain.get(5).hash());

        ChainWalk rewritten = walk(ChainWalk.fromAnchor(anchor(chain.get(3))), chain(6, "forged").subList(3, 6));
        assertThat(rewritten.problem()).contains("does not match its anchor");
    }

    private static ChainWalk walk(ChainWalk walk, List<AuditEntry> entries) {
        for (AuditEntry e : entries) {
            if (!walk.test(e)) {
                break;
            }
        }
        walk.end();
        return walk;
    }

    private static ChainAnchor anchor(AuditEntry head) {
        return new ChainAnchor(ChainAnchor.AUDIT_CHAIN, head.seq(), head.hash(), AT, "{}", "", "key");
    }

    private static List<AuditEntry> chain(int n, String reason) {
        List<AuditEntry> chain = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        for (long seq = 1; seq <= n; seq++) {
            UUID id = new UUID(0, seq);
            String hash = AuditChain.hash(prev, seq, id, AT, "tester", "test.entry", "thing:" + seq, reason, null, null);
            chain.add(new AuditEntry(seq, id, AT, "tester", "test.entry", "thing:" + seq, reason, null, null, prev, hash));
            prev = hash;
        }
        return chain;
    }
}
