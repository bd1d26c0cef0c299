package com.companyos.pki;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Dead Simple Signing Envelope (DSSE v1): the signature covers PAE(payloadType, payload) =
 * {@code "DSSEv1" SP len(type) SP type SP len(payload) SP payload}, so the payload's type cannot be swapped.
 */
public final class Dsse {

    public static final String IN_TOTO = "application/vnd.in-toto+json";

    private Dsse() {
    }

    /** The pre-authentication encoding: the exact bytes that are signed. */
    public static byte[] pae(String payloadType, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(type);
        out.writeBytes((" " + payload.length + " ").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The envelope as JSON: payloadType, base64 payload, and one signature with its key id. */
    public static String envelope(String payloadType, byte[] payload, byte[] signature, String keyId) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"payloadType\":\"" + payloadType + "\",\"payload\":\"" + b64.encodeToString(payload)
                + "\",\"signatures\":[{\"keyid\":\"" + keyId + "\",\"sig\":\"" + b64.encodeToString(signature) + "\"}]}";
    }
}
