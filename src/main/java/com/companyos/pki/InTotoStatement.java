package com.companyos.pki;

import com.companyos.base.Hashing;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-toto Statement about one JSON document, signed in a DSSE envelope: the statement names the document and its
 * SHA-256 and carries the document's facts as its predicate, so {@code openssl pkeyutl -verify -rawin} over the
 * envelope's PAE bytes proves who vouched for exactly those bytes.
 */
public final class InTotoStatement {

    private InTotoStatement() {
    }

    /** The DSSE envelope (JSON) of a statement about {@code json}, saved as {@code subjectName}, signed with {@code key}. */
    public static String signedEnvelope(String subjectName, String json, String predicateType, Map<String, ?> predicate, SigningKey key) {
        Map<String, Object> statement = new LinkedHashMap<>();
        statement.put("_type", "https://in-toto.io/Statement/v1");
        statement.put("subject", List.of(Map.of("name", subjectName,
                "digest", Map.of("sha256", Hashing.sha256Hex(json.getBytes(StandardCharsets.UTF_8))))));
        statement.put("predicateType", predicateType);
        statement.put("predicate", predicate);
        byte[] payload = CanonicalJson.write(statement).getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(Dsse.pae(Dsse.IN_TOTO, payload));
        return Dsse.envelope(Dsse.IN_TOTO, payload, signature, key.keyId());
    }
}
