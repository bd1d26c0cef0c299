package com.companyos.keys;

import com.companyos.audit.AuditAnchorKey;
import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.RegionId;
import com.companyos.pki.DocumentSigningKey;
import com.companyos.pki.Fingerprints;
import com.companyos.pki.IdentityFiles;
import com.companyos.pki.IssuedIdentity;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.Pem;
import com.companyos.pki.PkiSettings;
import com.companyos.pki.ProcessFolders;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The control plane's keys: its mutual-TLS identity ({@code spiffe://companyos/control-plane}, client and server: the
 * console also serves the agents' internal API), the platform's Ed25519 policy-signing key, the control plane's Ed25519
 * receipt-signing key (routing receipts), its EC P-256 document-signing key (signed PDF reports), and, for locally launched
 * agents, each region's TLS identity and receipt-signing key, issued into that agent's own folder. In {@code local-ca} mode the local CA is created on first
 * start and every issuance is audited; in {@code files} mode everything is read from what was supplied.
 */
@Component
public class ControlPlaneKeys implements AuditAnchorKey {

    private static final Logger log = LoggerFactory.getLogger(ControlPlaneKeys.class);
    static final String CONTROL_PLANE = ProcessFolders.CONTROL_PLANE;
    public static final String PLATFORM_SIGNING = ProcessFolders.PLATFORM_SIGNING;
    public static final SpiffeId PLATFORM_SIGNING_ID = SpiffeId.platformPolicySigning();
    static final String RECEIPT_SIGNING = ProcessFolders.CONTROL_PLANE_SIGNING;
    public static final String DOCUMENT_SIGNING = ProcessFolders.DOCUMENT_SIGNING;

    private final PkiSettings settings;
    private final EvidenceRecorder evidence;
    private final LocalCertificateAuthority localCa;
    private final TlsIdentity identity;
    private final SigningKey platformSigningKey;
    private final SigningKey receiptSigningKey;
    private final DocumentSigningKey documentSigningKey;

    ControlPlaneKeys(PkiSettings settings, Clock clock, EvidenceRecorder evidence) {
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
            ProcessFolders.ensureConsole(localCa, settings.agentHostNames()).forEach(this::audit);
        } else {
            localCa = null;
            IdentityFiles files = IdentityFiles.in(settings.directory(), CONTROL_PLANE);
            if (!Files.exists(files.certificateChain()) || !Files.exists(files.privateKey()) || !Files.exists(files.trustedCertificates())) {
                throw new IllegalStateException("companyos.pki.mode=files but " + files + " is incomplete: supply "
                        + "control-plane.crt, control-plane.key and ca.crt in " + settings.directory());
            }
        }
        this.identity = TlsIdentity.load(IdentityFiles.in(settings.directory(), CONTROL_PLANE));
        IdentityFiles signing = IdentityFiles.in(settings.directory(), PLATFORM_SIGNING);
        this.platformSigningKey = SigningKey.load(signing.privateKey(), signing.certificateChain());
        IdentityFiles receipts = IdentityFiles.in(settings.directory(), RECEIPT_SIGNING);
        if (!Files.exists(receipts.privateKey()) || !Files.exists(receipts.certificateChain())) {
            throw new IllegalStateException("Missing the control plane's receipt-signing key: supply " + RECEIPT_SIGNING + ".key and "
                    + RECEIPT_SIGNING + ".crt (Ed25519, certificate naming " + SpiffeId.controlPlane() + ") in " + settings.directory());
        }
        this.receiptSigningKey = SigningKey.load(receipts.privateKey(), receipts.certificateChain());
        this.documentSigningKey = DocumentSigningKey.load(IdentityFiles.in(settings.directory(), DOCUMENT_SIGNING));
        if (!identity.spiffeId().isControlPlane()) {
            throw new IllegalStateException("The console's certificate names " + identity.spiffeId() + ", not " + SpiffeId.controlPlane());
        }
    }

    public TlsIdentity identity() {
        return identity;
    }

    /** The platform's Ed25519 key that signs policy bundles. */
    public SigningKey platformSigningKey() {
        return platformSigningKey;
    }

    /** The control plane's Ed25519 key that signs the receipts of its own decisions (routing). */
    public SigningKey receiptSigningKey() {
        return receiptSigningKey;
    }

    /** The audit chain's anchors are signed with the control plane's own key, as its receipts are. */
    @Override
    public SigningKey anchorSigningKey() {
        return receiptSigningKey;
    }

    /** The control plane's EC P-256 key that signs PDF reports (PAdES); Ed25519 is not accepted by PDF verifiers. */
    public DocumentSigningKey documentSigningKey() {
        return documentSigningKey;
    }

    /** Where the console's TLS files are (the internal API's connector serves with them). */
    public IdentityFiles identityFiles() {
        return IdentityFiles.in(settings.directory(), CONTROL_PLANE);
    }

    /**
     * Makes sure {@code folder}, the folder a locally launched agent is given, holds that region's files and nothing
     * else (see {@link ProcessFolders#agentFiles}), and returns it. In {@code local-ca} mode it is (re)filled from the
     * local CA at every launch; the region's keys of the old layout, where the console's folder held every process's
     * keys, are moved there first, so an upgraded data folder keeps them. In {@code files} mode the files are supplied.
     * Synchronized: launches (the start, a restart from the Regions view) may overlap, and the CA view that issues into
     * the folder is a new object, with its own lock, at each call.
     */
    public synchronized Path ensureRegionIdentity(RegionId region, Path folder) {
        if (localCa == null) {
            List<String> missing = ProcessFolders.agentFiles(region).stream().sorted()
                    .filter(name -> !Files.exists(folder.resolve(name))).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("companyos.pki.mode=files: the " + region + " agent's folder " + folder
                        + " lacks " + String.join(", ", missing) + " (--role=pki-init writes them to agents/" + region + "/)");
            }
            return folder;
        }
        for (String name : List.of(ProcessFolders.region(region), ProcessFolders.regionSigning(region))) {
            if (ProcessFolders.adopt(settings.directory(), folder, name)) {
                log.info("Moved {} from the console's folder {} into the {} agent's folder {}", name, settings.directory(), region, folder);
                evidence.record(AuditEvent.of("pki.identity-moved", SpiffeId.region(region).uri())
                        .detail("name", name).detail("folder", folder.toString()));
            }
        }
        ProcessFolders.ensureAgent(localCa, folder, region, settings.agentHostNames(),
                IdentityFiles.in(settings.directory(), PLATFORM_SIGNING).certificateChain()).forEach(this::audit);
        return folder;
    }

    /**
     * The own signing key of DCP {@code slug}, kept in {@code keyFolder} (the DCP's key folder, never an agent's):
     * issued by the local CA on first use, kept afterwards; {@code rotate} issues a new key (the old receipts stay
     * verifiable with the old certificate, which proof bundles carry). In {@code files} mode it must be supplied there.
     */
    public synchronized IssuedIdentity ensureDcpSigningKey(String slug, Path keyFolder, boolean rotate) {
        IdentityFiles files = IdentityFiles.in(keyFolder, ProcessFolders.dcpSigning(slug));
        if (localCa == null) {
            if (!Files.exists(files.certificateChain()) || !Files.exists(files.privateKey())) {
                throw new IllegalStateException("companyos.pki.mode=files: DCP " + slug + " needs its signing key in " + keyFolder);
            }
            return new IssuedIdentity(files, Pem.readCertificates(files.certificateChain()).get(0), false);
        }
        if (rotate) {
            try {
                Files.deleteIfExists(files.certificateChain());
                Files.deleteIfExists(files.privateKey());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot rotate the signing key of DCP " + slug, e);
            }
        }
        IssuedIdentity issued = localCa.issuingInto(keyFolder).ensureSigningKey(ProcessFolders.dcpSigning(slug), SpiffeId.dcpSigning(slug));
        audit(issued);
        return issued;
    }

    /**
     * Makes sure {@code folder}, the folder the agent of DCP {@code slug} in {@code region} is launched with, holds its
     * TLS identity and a copy of the DCP's signing key from {@code keyFolder}, and returns it.
     */
    public synchronized Path ensureDcpAgentIdentity(RegionId region, String slug, Path folder, Path keyFolder) {
        if (localCa == null) {
            List<String> missing = ProcessFolders.dcpAgentFiles(region, slug).stream().sorted()
                    .filter(name -> !Files.exists(folder.resolve(name))).toList();
            if (!missing.isEmpty()) {
                throw new IllegalStateException("companyos.pki.mode=files: the folder " + folder + " of DCP " + slug + " in "
                        + region + " lacks " + String.join(", ", missing));
            }
            return folder;
        }
        IssuedIdentity signing = ensureDcpSigningKey(slug, keyFolder, false);
        ProcessFolders.ensureDcpAgent(localCa, folder, region, slug, settings.agentHostNames(),
                IdentityFiles.in(settings.directory(), PLATFORM_SIGNING).certificateChain(), signing.files()).forEach(this::audit);
        return folder;
    }

    /**
     * The approval-signing key of {@code username} (custodial: the platform holds it and signs with it when that
     * person's approval is recorded on a co-signed statement), issued by the local CA on first use into
     * {@code people/} of the console's folder.
     */
    public synchronized SigningKey personSigningKey(String username) {
        Path folder = settings.directory().resolve("people");
        String name = "person-" + username.replaceAll("[^A-Za-z0-9._-]", "_");
        IdentityFiles files = IdentityFiles.in(folder, name);
        if (localCa == null) {
            if (!Files.exists(files.privateKey())) {
                throw new IllegalStateException("companyos.pki.mode=files: no approval-signing key for " + username + " in " + folder);
            }
        } else {
            audit(localCa.issuingInto(folder).ensureSigningKey(name, SpiffeId.person(username)));
        }
        return SigningKey.load(files.privateKey(), files.certificateChain());
    }

    public Optional<LocalCertificateAuthority> localCa() {
        return Optional.ofNullable(localCa);
    }

    private void audit(IssuedIdentity issued) {
        if (issued.newlyIssued()) {
            SpiffeId id = SpiffeId.of(issued.certificate()).orElseThrow();
            log.info("Issued {} for {} (expires {})", issued.files().certificateChain().getFileName(), id,
                    issued.certificate().getNotAfter().toInstant());
            evidence.record(AuditEvent.of("pki.certificate-issued", id.uri())
                    .detail("fingerprint", issued.fingerprint())
                    .detail("notAfter", issued.certificate().getNotAfter().toInstant().toString()));
        }
    }
}
