package com.companyos.policy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * What the platform key signs when a bundle is put in force: the channel, the version, the bundle's SHA-256 (the hash
 * of its manifest, which lists every file's digest), the two-person approval that published it and when. A bundle is
 * only ever signed here, at publication; a proposed bundle carries no signature. {@code approval} is the approval
 * request's ID, or {@value #BOOTSTRAP} for the bundle a channel starts with (shipped in the build, in force before
 * any approval could exist).
 */
public record PublicationStatement(PolicyChannel channel, String version, String sha256, String approval, Instant publishedAt) {

    public static final String BOOTSTRAP = "bootstrap";
    private static final String HEADER = "companyos-policy-publication: 1";

    public PublicationStatement {
        BundleVersion.requireWellFormed(version);
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 is not a SHA-256 hex digest");
        }
        if (!BOOTSTRAP.equals(approval)) {
            UUID.fromString(approval == null ? "" : approval);
        }
        if (publishedAt == null) {
            throw new IllegalArgumentException("no publication time");
        }
    }

    /** The statement for {@code bundle} published by the approval request {@code approvalRequestId}. */
    public static PublicationStatement approved(PolicyBundle bundle, UUID approvalRequestId, Instant at) {
        return new PublicationStatement(bundle.channel(), bundle.version(), bundle.sha256(), approvalRequestId.toString(), at);
    }

    /** The statement for the first bundle of a channel, shipped in the build. */
    public static PublicationStatement bootstrap(PolicyBundle bundle, Instant at) {
        return new PublicationStatement(bundle.channel(), bundle.version(), bundle.sha256(), BOOTSTRAP, at);
    }

    /** The approval request that published the bundle; empty for a bootstrap bundle. */
    public Optional<UUID> approvalRequestId() {
        return BOOTSTRAP.equals(approval) ? Optional.empty() : Optional.of(UUID.fromString(approval));
    }

    /** The exact text that is signed (UTF-8). */
    public String text() {
        return HEADER + "\nchannel: " + channel.folder() + "\nversion: " + version + "\nsha256: " + sha256
                + "\napproval: " + approval + "\npublished-at: " + publishedAt + "\n";
    }

    /**
     * Reads a statement; only the canonical text {@link #text()} writes is accepted.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static PublicationStatement parse(String text) {
        String[] lines = text == null ? new String[0] : text.split("\n", -1);
        String[] keys = {"channel", "version", "sha256", "approval", "published-at"};
        if (lines.length != keys.length + 2 || !lines[0].equals(HEADER) || !lines[lines.length - 1].isEmpty()) {
            throw new IllegalArgumentException("The bundle's publication statement is not one");
        }
        String[] values = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String prefix = keys[i] + ": ";
            if (!lines[i + 1].startsWith(prefix)) {
                throw new IllegalArgumentException("The bundle's publication statement has no " + keys[i]);
            }
            values[i] = lines[i + 1].substring(prefix.length());
        }
        PublicationStatement statement;
        try {
            statement = new PublicationStatement(PolicyChannel.of(values[0]), values[1], values[2], values[3], Instant.parse(values[4]));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("The bundle's publication statement is malformed: " + e.getMessage());
        }
        if (!statement.text().equals(text)) {
            throw new IllegalArgumentException("The bundle's publication statement is not in canonical form");
        }
        return statement;
    }
}
