package com.companyos.probes.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ExportProbeTest {

    private static byte[] zip(Map<String, String> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void names_are_relative_to_the_bundle_folder() throws Exception {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("acme-proof/receipts.jsonl", "r");
        files.put("acme-proof/manifest.sha256", "m");
        assertThat(ExportProbe.unzip(zip(files))).containsOnlyKeys("receipts.jsonl", "manifest.sha256");
    }

    @Test
    void the_deterministic_hash_depends_on_the_evidence_only() {
        Map<String, byte[]> a = new LinkedHashMap<>();
        a.put("receipts.jsonl", "r1\n".getBytes(StandardCharsets.UTF_8));
        a.put("receipts-merkle.json", "{}".getBytes(StandardCharsets.UTF_8));
        a.put("decisions/denied.json", "[]".getBytes(StandardCharsets.UTF_8));
        a.put("statement.intoto.json", "built at 10:00".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> b = new LinkedHashMap<>(a);
        b.put("statement.intoto.json", "built at 11:00".getBytes(StandardCharsets.UTF_8));
        assertThat(ExportProbe.deterministicSha256(b)).isEqualTo(ExportProbe.deterministicSha256(a));
        b.put("receipts.jsonl", "r1\nr2\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ExportProbe.deterministicSha256(b)).isNotEqualTo(ExportProbe.deterministicSha256(a));
    }
}
