package com.companyos.regions.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.IdentityFiles;
import com.companyos.pki.IssuedIdentity;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.LocalCertificateAuthority.Usage;
import com.companyos.pki.PkiSettings;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Optional;

/**
 * The console's identity for mutual TLS ({@code spiffe://companyos/control-plane}). In {@code local-ca} mode it
 * creates the local CA on first start and issues certificates, auditing each issuance; in {@code files} mode it only
 * reads what was supplied.
 */
@Component
public class ControlPlaneTls {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneTls.class);
    static final String CONTROL_PLANE = "control-plane";

    private final PkiSettings settings;
    private final EvidenceRecorder evidence;
    private final LocalCertificateAuthority localCa;
    private final TlsIdentity identity;

    ControlPlaneTls(PkiSettings settings, Clock clock, EvidenceRecorder evidence) {
        this.settings = settings;
        this.evidence = evidence;
        if (settings.mode() == PkiSettings.Mode.LOCAL_CA) {
            localCa = LocalCertificateAuthority.openOrCreate(settings.directory(), clock);
            if (localCa.created()) {
                log.info("Created the local certificate authority in {}", settings.directory().toAbsolutePath());
                evidence.record(AuditEvent.of("pki.ca-created", "pki:local-ca")
                        .detail("fingerprint", Fingerprints.sha256(localCa.certificate()))
                        .detail("notAfter", localCa.certificate().getNotAfter().toInstant().toString()));
            }
            audit(localCa.ensureIdentity(CONTROL_PLANE, SpiffeId.controlPlane(), EnumSet.of(Usage.CLIENT), java.util.List.of()));
        } else {
            localCa = null;
            IdentityFiles files = IdentityFiles.in(settings.directory(), CONTROL_PLANE);
            if (!Files.exists(files.certificateChain()) || !Files.exists(files.privateKey()) || !Files.exists(files.trustedCertificates())) {
                throw new IllegalStateException("companyos.pki.mode=files but " + files + " is incomplete: supply "
                        + "control-plane.crt, control-plane.key and ca.crt in " + settings.directory());
            }
        }
        this.identity = TlsIdentity.load(IdentityFiles.in(settings.directory(), CONTROL_PLANE));
        if (!identity.spiffeId().isControlPlane()) {
            throw new IllegalStateException("The console's certificate names " + identity.spiffeId() + ", not " + SpiffeId.controlPlane());
        }
    }

    public TlsIdentity identity() {
        return identity;
    }

    /**
     * Makes sure a locally launched agent has a certificate for its region (local-ca mode only) and returns the
     * folder its identity files are in.
     */
    public java.nio.file.Path ensureRegionIdentity(RegionId region) {
        if (localCa == null) {
            return settings.directory();
        }
        audit(localCa.ensureIdentity("region-" + region.value(), SpiffeId.region(region),
                EnumSet.of(Usage.SERVER, Usage.CLIENT), settings.agentHostNames()));
        return settings.directory();
    }

    public Optional<LocalCertificateAuthority> localCa() {
        return Optional.ofNullable(localCa);
    }

    private void audit(IssuedIdentity issued) {
        if (issued.newlyIssued()) {
            SpiffeId id = SpiffeId.of(issued.certificate()).orElseThrow();
            log.info("Issued a certificate for {} (expires {})", id, issued.certificate().getNotAfter().toInstant());
            evidence.record(AuditEvent.of("pki.certificate-issued", id.uri())
                    .detail("fingerprint", issued.fingerprint())
                    .detail("notAfter", issued.certificate().getNotAfter().toInstant().toString()));
        }
    }
}
