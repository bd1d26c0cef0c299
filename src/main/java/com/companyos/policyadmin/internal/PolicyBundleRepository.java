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

    /** Stores a proposed bundle: validated, hashed, and unsigned (it is signed when its publication is approved). */
    public void insertProposed(PolicyBundle b, String by, Instant now) {
        db.insertInto(POLICY_BUNDLE)
                .set(POLICY_BUNDLE.BUNDLE_SHA256, b.sha256())
                .set(POLICY_BUNDLE.CHANNEL, b.channel().folder())
                .set(POLICY_BUNDLE.VERSION, b.version())
                .set(POLICY_BUNDLE.MANIFEST, b.manifest())
                .set(POLICY_BUNDLE.FILES, Json.write(new TreeMap<>(b.files())))
                .set(POLICY_BUNDLE.STATUS, "PROPOSED")
                .set(POLICY_BUNDLE.PROPOSED_AT, now.atOffset(ZoneOffset.UTC))
                .set(POLICY_BUNDLE.PROPOSED_BY, by)
                .execute();
    }

    /** Stores the first bundle of a channel, in force at once (bootstrap publication). */
    public void insertCurrent(SignedBundle b, String by, Instant now) {
        db.insertInto(POLICY_BUNDLE)
                .set(POLICY_BUNDLE.BUNDLE_SHA256, b.sha256())
                .set(POLICY_BUNDLE.CHANNEL, b.channel())
                .set(POLICY_BUNDLE.VERSION, b.version())
                .set(POLICY_BUNDLE.MANIFEST, b.manifest())
                .set(POLICY_BUNDLE.FILES, Json.write(new TreeMap<>(b.files())))
                .set(POLICY_BUNDLE.STATEMENT, b.statement())
                .set(POLICY_BUNDLE.SIGNATURE, b.signature())
                .set(POLICY_BUNDLE.KEY_ID, b.keyId())
                .set(POLICY_BUNDLE.STATUS, "CURRENT")
                .set(POLICY_BUNDLE.PROPOSED_AT, now.atOffset(ZoneOffset.UTC))
                .set(POLICY_BUNDLE.PROPOSED_BY, by)
                .set(POLICY_BUNDLE.PUBLISHED_AT, now.atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** Locks a PROPOSED bundle for its publication; empty if there is none with that hash. */
    public Optional<PolicyBundle> lockProposed(String sha256) {
        return db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.BUNDLE_SHA256.eq(sha256).and(POLICY_BUNDLE.STATUS.eq("PROPOSED")))
                .forUpdate().fetchOptional().map(r -> PolicyBundle.of(files(r.getFiles())));
    }

    /**
     * Makes the (locked, proposed) bundle {@code signed} names the channel's CURRENT one, with the signature made for
     * its publication, and the previous one SUPERSEDED.
     */
    public void publish(SignedBundle signed, UUID requestId, Instant publishedAt) {
        db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "SUPERSEDED")
                .where(POLICY_BUNDLE.CHANNEL.eq(signed.channel()).and(POLICY_BUNDLE.STATUS.eq("CURRENT"))).execute();
        db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATUS, "CURRENT").set(POLICY_BUNDLE.PUBLISHED_AT, publishedAt.atOffset(ZoneOffset.UTC))
                .set(POLICY_BUNDLE.APPROVAL_REQUEST_ID, requestId)
                .set(POLICY_BUNDLE.STATEMENT, signed.statement())
                .set(POLICY_BUNDLE.SIGNATURE, signed.signature())
                .set(POLICY_BUNDLE.KEY_ID, signed.keyId())
                .where(POLICY_BUNDLE.BUNDLE_SHA256.eq(signed.sha256()).and(POLICY_BUNDLE.STATUS.eq("PROPOSED"))).execute();
    }

    /** The channel's CURRENT bundle if it predates publication statements: its manifest signature only. */
    public Optional<PolicyBundleRecord> currentWithoutStatement(PolicyChannel channel) {
        return db.selectFrom(POLICY_BUNDLE).where(POLICY_BUNDLE.CHANNEL.eq(channel.folder()).and(POLICY_BUNDLE.STATUS.eq("CURRENT"))
                .and(POLICY_BUNDLE.STATEMENT.isNull())).forUpdate().fetchOptional();
    }

    /** Replaces a pre-statement bundle's signature with a signed publication statement. */
    public void attest(SignedBundle signed) {
        db.update(POLICY_BUNDLE).set(POLICY_BUNDLE.STATEMENT, signed.statement()).set(POLICY_BUNDLE.SIGNATURE, signed.signature())
                .set(POLICY_BUNDLE.KEY_ID, signed.keyId()).where(POLICY_BUNDLE.BUNDLE_SHA256.eq(signed.sha256())).execute();
    }

    private static SignedBundle signed(PolicyBundleRecord r) {
        return new SignedBundle(r.getChannel(), r.getVersion(), r.getBundleSha256(), r.getManifest(), files(r.getFiles()),
                r.getStatement(), r.getSignature(), r.getKeyId());
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
