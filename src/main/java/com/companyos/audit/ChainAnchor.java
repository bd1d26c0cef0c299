package com.companyos.audit;

import com.companyos.base.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Map;

/**
 * A signed checkpoint of a hash chain's head, kept outside the chained table: which entry was the head ({@code seq},
 * {@code headHash}) and when. {@code body} is the canonical JSON that {@code signature} (Ed25519, base64) covers byte for
 * byte, so {@code openssl pkeyutl -verify -rawin} checks a saved body with the signer's certificate.
 */
public record ChainAnchor(String chain, long seq, String headHash, Instant anchoredAt, String body, String signature,
                          String keyId) {

    /** The {@code type} every audit anchor's body carries, so its signature can never pass for a receipt's. */
    public static final String TYPE = "companyos/chain-anchor/v1";
    public static final String AUDIT_CHAIN = "control-plane/audit-log";

    /** The fields an anchor's body is the canonical JSON of. */
    public static Map<String, Object> fields(String chain, long seq, String headHash, Instant anchoredAt) {
        return Map.of("type", TYPE, "chain", chain, "seq", seq, "headHash", headHash, "anchoredAt", anchoredAt.toString());
    }

    /** One line of an anchor file: {@code {"body": "...", "signature": "...", "keyId": "..."}}. */
    public String line() {
        return Json.write(Map.of("body", body, "signature", signature, "keyId", keyId));
    }

    /** Reads a line written by {@link #line()}; throws {@link IllegalArgumentException} when it is not one. */
    public static ChainAnchor parse(String line) {
        try {
            JsonNode outer = Json.mapper().readTree(line);
            String body = outer.path("body").asText(null);
            JsonNode fields = Json.mapper().readTree(body);
            if (!TYPE.equals(fields.path("type").asText()) || !fields.path("seq").canConvertToLong()) {
                throw new IllegalArgumentException("not a chain anchor");
            }
            return new ChainAnchor(fields.path("chain").asText(), fields.path("seq").asLong(), fields.path("headHash").asText(),
                    Instant.parse(fields.path("anchoredAt").asText()), body, outer.path("signature").asText(), outer.path("keyId").asText());
        } catch (java.io.IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not a chain anchor line: " + e.getMessage(), e);
        }
    }
}
