package com.companyos.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code companyos.audit.anchors.*}
 *
 * @param file     the append-only file of the audit chain's signed anchors (one JSON line each), outside the database
 * @param interval how often the chain's head is anchored (only when it moved since the last anchor)
 * @param enabled  whether anchors are taken on schedule (on demand they always can be)
 */
@ConfigurationProperties("companyos.audit.anchors")
public record AuditAnchorSettings(Path file, @DefaultValue("5m") Duration interval, @DefaultValue("true") boolean enabled) {

    public AuditAnchorSettings {
        if (file == null) {
            throw new IllegalArgumentException("companyos.audit.anchors.file must name the audit chain's anchor file");
        }
    }
}
