package com.companyos.releases.internal;

import com.companyos.base.Hashing;
import com.companyos.base.Json;
import com.companyos.releases.ScorecardGate;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A judged gate and its evidence file (pretty JSON, keys sorted, so the same evidence is the same bytes). */
record GateJudgement(ScorecardGate gate, String evidence) {

    private static final ObjectMapper EVIDENCE = Json.pretty().copy().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    static GateJudgement of(String name, String status, String summary, Map<String, Object> inputs, String threshold, String producer,
                            Instant at, Map<String, Object> evidence) {
        Map<String, Object> file = new LinkedHashMap<>(evidence);
        file.put("gate", name);
        file.put("status", status);
        file.put("summary", summary);
        file.put("producer", producer);
        file.put("at", at.toString());
        String text;
        try {
            text = EVIDENCE.writeValueAsString(file) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The evidence of gate " + name + " is not serialisable: " + e.getOriginalMessage(), e);
        }
        String fileName = "evidence/" + name + ".json";
        return new GateJudgement(new ScorecardGate(name, true, status, summary, inputs, threshold, fileName,
                Hashing.sha256Hex(text.getBytes(StandardCharsets.UTF_8)), producer, at), text);
    }
}
