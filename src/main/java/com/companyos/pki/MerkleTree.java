package com.companyos.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Merkle Tree Hash of RFC 6962 / RFC 9162 (Certificate Transparency) with SHA-256: a leaf is
 * {@code SHA-256(0x00 || data)}, an inner node {@code SHA-256(0x01 || left || right)}, and a list of n &gt; 1 entries
 * splits at the largest power of two below n. The domain separation bytes mean a leaf can never pass for a node.
 * <p>
 * The Trust Report uses it twice (ADR 0009): a root per tenant and hour over that hour's receipts, and a period root
 * over the hours' entries; {@code reports/templates/verify-merkle.py} recomputes both from a residency proof bundle.
 */
public final class MerkleTree {

    /** The root of the empty tree: SHA-256 of nothing. */
    public static final String EMPTY_ROOT = HexFormat.of().formatHex(digest().digest());

    private MerkleTree() {
    }

    /** The leaf hash of {@code data}: SHA-256(0x00 || data). */
    public static byte[] leaf(byte[] data) {
        MessageDigest sha = digest();
        sha.update((byte) 0x00);
        return sha.digest(data);
    }

    /** The leaf hash of a text entry, as UTF-8. */
    public static byte[] leaf(String data) {
        return leaf(data.getBytes(StandardCharsets.UTF_8));
    }

    /** The root over leaf hashes, in order, as lower-case hex ({@link #EMPTY_ROOT} for none). */
    public static String root(List<byte[]> leafHashes) {
        if (leafHashes.isEmpty()) {
            return EMPTY_ROOT;
        }
        return HexFormat.of().formatHex(root(leafHashes, 0, leafHashes.size(), digest()));
    }

    private static byte[] root(List<byte[]> leaves, int from, int to, MessageDigest sha) {
        int n = to - from;
        if (n == 1) {
            return leaves.get(from);
        }
        int k = Integer.highestOneBit(n - 1);
        return node(sha, root(leaves, from, from + k, sha), root(leaves, from + k, to, sha));
    }

    /** An inner node's hash: SHA-256(0x01 || left || right), with {@code sha} (reset first). */
    static byte[] node(MessageDigest sha, byte[] left, byte[] right) {
        sha.reset();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
