package com.companyos.releases.internal;

import com.companyos.base.ConflictException;
import com.companyos.base.NotFoundException;
import com.companyos.releases.Release;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.InputStream;
import java.time.Clock;
import java.util.Map;

/**
 * Registration of a release: the artifact is stored (streamed, hashed, checked) before the transaction that records
 * the signed manifest, so no database transaction waits on an upload. A version is immutable: the same version with
 * the same artifact and configuration again answers the release on record (a retried upload); anything else is 409.
 */
@Component
public class ReleaseUploads {

    private final ReleaseStore store;
    private final ReleaseCatalog catalog;
    private final ReleaseArtifacts artifacts;
    private final TransactionTemplate tx;
    private final Clock clock;

    ReleaseUploads(ReleaseStore store, ReleaseCatalog catalog, ReleaseArtifacts artifacts, TransactionTemplate tx, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.artifacts = artifacts;
        this.tx = tx;
        this.clock = clock;
    }

    public Release register(String version, String artifactOf, Map<String, String> config, InputStream upload, String actor, String reason) {
        String builtin = catalog.builtin();
        String path;
        String sha256;
        long bytes;
        if (upload != null) {
            var existing = store.release(version);
            if (existing.isPresent() && existing.get().builtin()) {
                throw new ConflictException("Release " + version + " is the console's own build; register the upload under another version");
            }
            ReleaseArtifacts.Stored stored = artifacts.store(existing.isPresent() ? version + ".retry" : version, upload);
            path = stored.path().toString();
            sha256 = stored.sha256();
            bytes = stored.bytes();
        } else {
            Release base = store.release(artifactOf.trim()).orElseThrow(() -> new NotFoundException("No release " + artifactOf
                    + " to take the artifact from"));
            path = base.artifactPath();
            sha256 = base.artifactSha256();
            bytes = base.artifactBytes();
        }
        return tx.execute(status -> {
            var existing = store.release(version);
            if (existing.isPresent()) {
                Release r = existing.get();
                if (r.artifactSha256().equals(sha256) && r.config().equals(config)) {
                    return r;
                }
                throw new ConflictException("Release " + version + " exists with another artifact or configuration; versions are "
                        + "immutable — register the change under a new version");
            }
            String replaces = store.releases().stream().filter(r -> !r.quarantined()).findFirst().map(Release::version).orElse(builtin);
            catalog.insert(version, path, sha256, bytes, config, replaces, actor, reason, clock.instant());
            return store.release(version).orElseThrow();
        });
    }
}
