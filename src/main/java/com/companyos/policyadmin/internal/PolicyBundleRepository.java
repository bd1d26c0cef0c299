package com.companyos.policyadmin.internal;

import com.companyos.base.Json;
import com.companyos.db.tables.records.PolicyBundleRecord;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.SignedBundle;
import com.companyos.policyadmin.BundleInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static com.companyos.db.Tables.POLICY_BUNDLE;

/** jOOQ access to {@code policy_bundle}. */
@Repository
public class PolicyBundleRepository {

    private final DSLContext db;

    public PolicyBundleRepository(DSLContext db) {
        this.db = db;
    }

    public Optional<SignedBundle> current(PolicyChannel channel) {
        return db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.CHANNEL.eq(channel.folder()).and(POLICY_BUNDLE.STATUS.eq("CURRENT")))
                .fetchOptional().map(PolicyBundleRepository::signed);
    }

    public Optional<SignedBundle> find(String sha256) {
        return db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.BUNDLE_SHA256.eq(sha256)).fetchOptional().map(PolicyBundleRepository::signed);
    }

    public Optional<BundleInfo> info(String sha256) {
        return db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.BUNDLE_SHA256.eq(sha256)).fetchOptional().map(PolicyBundleRepository::info);
    }

    public List<BundleInfo> list(PolicyChannel channel) {
        return db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.CHANNEL.eq(channel.folder()))
                .orderBy(POLICY_BUNDLE.PROPOSED_AT.desc()).fetch().map(PolicyBundleRepository::info);
    }

    public void insert(SignedBundle b, String status, String by, Instant now) {
        db.insertInto(POLICY_BUNDLE)
                .set(POLICY_BUNDLE.BUNDLE_SHA256, b.sha256())
                .set(POLICY_BUNDLE.CHANNEL, b.channel())
                .set(POLICY_BUNDLE.VERSION, b.version())
                .set(POLICY_BUNDLE.MANIFEST, b.manifest())
                .set(POLICY_BUNDLE.FILES, Json.write(new TreeMap<>(b.files())))
                .set(POLICY_BUNDLE.SIGNATURE, b.signature())
                .set(POLICY_BUNDLE.KEY_ID, b.keyId())
                .set(POLICY_BUNDLE.STATUS, status)
                .set(POLICY_BUNDLE.PROPOSED_AT, now.atOffset(ZoneOffset.UTC))
                .set(POLICY_BUNDLE.PROPOSED_BY, by)
                .set(POLICY_BUNDLE.PUBLISHED_AT, "CURRENT".equals(status) ? now.atOffset(ZoneOffset.UTC) : null)
                .execute();
    }

    /** Makes {@code sha256} the channel's CURRENT bundle and the previous one SUPERSEDED; false if it is not PROPOSED. */
    public boolean publish(String sha256, UUID requestId, Instant now) {
        Optional<PolicyBundleRecord> proposed = db.selectFrom(POLICY_BUNDLE)
                .where(POLICY_BUNDLE.BUNDLE_SHA256.eq(sha256).and(POLICY_BUNDLE.STATUS.eq("PROPOSED"))).forUpdate().fetchOptional();
        if (proposed.isEmpty()) {
            return false;
        }
        db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "SUPERSEDED")
                .where(POLICY_BUNDLE.CHANNEL.eq(proposed.get().getChannel()).and(POLICY_BUNDLE.STATUS.eq("CURRENT"))).execute();
        db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "CURRENT").set(POLICY_BUNDLE.PUBLISHED_AT, now.atOffset(ZoneOffset.UTC))
                .set(POLICY_BUNDLE.APPROVAL_REQUEST_ID, requestId).where(POLICY_BUNDLE.BUNDLE_SHA256.eq(sha256)).execute();
        return true;
    }

    private static SignedBundle signed(PolicyBundleRecord r) {
        return new SignedBundle(r.getChannel(), r.getVersion(), r.getBundleSha256(), r.getManifest(), files(r.getFiles()),
                r.getSignature(), r.getKeyId(), r.getProposedAt().toInstant());
    }

    private static BundleInfo info(PolicyBundleRecord r) {
        return new BundleInfo(r.getBundleSha256(), PolicyChannel.of(r.getChannel()), r.getVersion(), r.getStatus(),
                r.getProposedAt().toInstant(), r.getProposedBy(), r.getPublishedAt() == null ? null : r.getPublishedAt().toInstant(),
                r.getApprovalRequestId(), PolicyBundle.of(files(r.getFiles())).fileDigests());
    }

    private static Map<String, String> files(String json) {
        try {
            return Json.mapper().readValue(json, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
