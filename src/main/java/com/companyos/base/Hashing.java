package com.companyos.base;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the form every digest in the product is written in (and {@code sha256sum} prints). */
public final class Hashing {

    private Hashing() {
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256(bytes));
    }

    /** Of the text's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One link of a hash chain: SHA-256 over the previous link's hash and the entry's fields, each field
     * length-prefixed ({@code len:value;}, null as {@code -1:;}) so that no two different entries encode alike.
     */
    public static String chainLink(String prevHash, String... fields) {
        StringBuilder canonical = new StringBuilder(256);
        append(canonical, prevHash);
        for (String field : fields) {
            append(canonical, field);
        }
        return sha256Hex(canonical.toString());
    }

    private static void append(StringBuilder canonical, String field) {
        if (field == null) {
            canonical.append("-1:;");
        } else {
            canonical.append(field.length()).append(':').append(field).append(';');
        }
    }

    public static byte[] sha256(byte[] bytes) {
        return newSha256().digest(bytes);
    }

    /** A fresh SHA-256 digest, for data that streams past (a proof bundle relayed to the person who asked). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
