package com.companyos.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@link MerkleTree} root computed while the leaves stream past, in O(log n) memory: it keeps the roots of the
 * perfect subtrees seen so far (at most one per size, a power of two), merging two of a size into one of the next size
 * as a binary counter does. At the end the subtrees, largest first, fold from the right — exactly RFC 6962's split at
 * the largest power of two below n. So a bundle of a million receipts needs about 20 hashes of state, not a million.
 */
public final class MerkleRootBuilder {

    private final List<byte[]> roots = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private final MessageDigest sha = digest();
    private long count;

    /** Adds the next leaf hash (see {@link MerkleTree#leaf(byte[])}). */
    public void add(byte[] leafHash) {
        byte[] node = leafHash;
        long size = 1;
        while (!sizes.isEmpty() && sizes.get(sizes.size() - 1) == size) {
            int last = sizes.size() - 1;
            node = node(roots.remove(last), node);
            sizes.remove(last);
            size *= 2;
        }
        roots.add(node);
        sizes.add(size);
        count++;
    }

    /** Adds the leaf of {@code data}: SHA-256(0x00 || data). */
    public void addData(byte[] data) {
        sha.reset();
        sha.update((byte) 0x00);
        add(sha.digest(data));
    }

    public long count() {
        return count;
    }

    /** The root over the leaves added so far, as lower-case hex ({@link MerkleTree#EMPTY_ROOT} for none). */
    public String root() {
        if (roots.isEmpty()) {
            return MerkleTree.EMPTY_ROOT;
        }
        byte[] acc = roots.get(roots.size() - 1);
        for (int i = roots.size() - 2; i >= 0; i--) {
            acc = node(roots.get(i), acc);
        }
        return HexFormat.of().formatHex(acc);
    }

    private byte[] node(byte[] left, byte[] right) {
        return MerkleTree.node(sha, left, right);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
