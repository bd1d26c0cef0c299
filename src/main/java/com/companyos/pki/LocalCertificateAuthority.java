package com.companyos.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The embedded default's certificate authority: created on first start in the data folder, then used to issue each
 * process its TLS identity. Keys are EC P-256, written owner-only and never leave the folder. Production does not use
 * this class: certificates are issued by the organisation's PKI and supplied as files in the same layout
 * ({@link IdentityFiles}).
 */
public final class LocalCertificateAuthority {

    static final String CA_KEY = "ca.key";
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    /** A leaf certificate closer than this to expiry is re-issued at the next start. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What an identity's certificate may be used for. */
    public enum Usage { SERVER, CLIENT }

    /**
     * Makes sure {@code name} has an Ed25519 signing key and a certificate from this CA naming {@code id} (digital
     * signature only): the platform's policy-signing key, or a region's receipt-signing key. Renewed like TLS
     * identities; the key itself is kept unless the certificate names another identity.
     */
    public synchronized IssuedIdentity ensureSigningKey(String name, SpiffeId id) {
        IdentityFiles files = IdentityFiles.in(directory, name);
        if (Files.exists(files.certificateChain()) && Files.exists(files.privateKey())) {
            X509Certificate existing = Pem.readCertificates(files.certificateChain()).get(0);
            if (stillGood(existing, id)) {
                return new IssuedIdentity(files, existing, false);
            }
        }
        try {
            KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LEAF_VALIDITY)),
                    new X500Name("CN=" + name + ",O=CompanyOS"), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri())));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            X509Certificate cert = sign(builder, caKey);
            Pem.writePrivate(files.privateKey(), Pem.encode(keys.getPrivate()));
            Pem.writePublic(files.certificateChain(), Pem.encode(cert, caCertificate));
            return new IssuedIdentity(files, cert, true);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot issue a signing key for " + id, e);
        }
    }

    /**
     * Makes sure {@code name} has an EC P-256 document-signing key and a certificate from this CA naming {@code id}
     * (digital signature + non-repudiation; extended key usages emailProtection and documentSigning): the key that signs
     * PDF reports (PAdES). Not Ed25519 like {@link #ensureSigningKey}: PDF verifiers (Acrobat, poppler/NSS) accept
     * ECDSA with SHA-256 but not Ed25519. Renewed like TLS identities.
     */
    public synchronized IssuedIdentity ensureDocumentSigningKey(String name, SpiffeId id) {
        IdentityFiles files = IdentityFiles.in(directory, name);
        if (Files.exists(files.certificateChain()) && Files.exists(files.privateKey())) {
            X509Certificate existing = Pem.readCertificates(files.certificateChain()).get(0);
            if (stillGood(existing, id) && isDocumentSigning(existing)) {
                return new IssuedIdentity(files, existing, false);
            }
        }
        return issueLeaf(files, "CN=CompanyOS document signing (" + name + "),O=CompanyOS",
                new GeneralName[]{new GeneralName(GeneralName.uniformResourceIdentifier, id.uri())},
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation),
                new KeyPurposeId[]{KeyPurposeId.id_kp_emailProtection, KeyPurposeId.id_kp_documentSigning}, "a document-signing key for " + id);
    }

    private final Path directory;
    private final Clock clock;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final boolean created;

    private LocalCertificateAuthority(Path directory, Clock clock, X509Certificate caCertificate, PrivateKey caKey,
                                      boolean created) {
        this.directory = directory;
        this.clock = clock;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.created = created;
    }

    /** Opens the CA in {@code directory}, creating it there on first use. */
    public static synchronized LocalCertificateAuthority openOrCreate(Path directory, Clock clock) {
        try {
            Files.createDirectories(directory);
            Pem.restrictDirectory(directory);
            Path certFile = directory.resolve(IdentityFiles.CA_CERT);
            Path keyFile = directory.resolve(CA_KEY);
            if (Files.exists(certFile) && Files.exists(keyFile)) {
                return new LocalCertificateAuthority(directory, clock, Pem.readCertificates(certFile).get(0),
                        Pem.readPrivateKey(keyFile), false);
            }
            KeyPair keys = newKeyPair();
            Instant now = clock.instant();
            X500Name subject = new X500Name("CN=CompanyOS Local CA,O=CompanyOS");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(CA_VALIDITY)), subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate ca = sign(builder, keys.getPrivate());
            Pem.writePrivate(keyFile, Pem.encode(keys.getPrivate()));
            Pem.writePublic(certFile, Pem.encode(ca));
            return new LocalCertificateAuthority(directory, clock, ca, keys.getPrivate(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the local certificate authority in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create the local certificate authority", e);
        }
    }

    /**
     * This CA, issuing into {@code folder} instead of its own: the folder of one process (an agent), which gets its own
     * keys and the CA's certificate, never the CA's key. The folder is created owner-only; the CA certificate in it is
     * rewritten when it is not this CA's.
     */
    public LocalCertificateAuthority issuingInto(Path folder) {
        try {
            Files.createDirectories(folder);
            Pem.restrictDirectory(folder);
            Path certFile = folder.resolve(IdentityFiles.CA_CERT);
            String pem = Pem.encode(caCertificate);
            if (!Files.exists(certFile) || !Files.readString(certFile).equals(pem)) {
                Pem.writePublic(certFile, pem);
            }
            return new LocalCertificateAuthority(folder, clock, caCertificate, caKey, false);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the identity folder " + folder, e);
        }
    }

    /** Whether {@link #openOrCreate} created the CA just now. */
    public boolean created() {
        return created;
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Makes sure identity {@code name} has a valid certificate for {@code id} issued by this CA, issuing a new key
     * and certificate when none exists, it was issued by another CA, it names another identity or other host names
     * than {@code dnsNames}, or it expires within 30 days.
     */
    public synchronized IssuedIdentity ensureIdentity(String name, SpiffeId id, Set<Usage> usages, List<String> dnsNames) {
        IdentityFiles files = IdentityFiles.in(directory, name);
        if (Files.exists(files.certificateChain()) && Files.exists(files.privateKey())) {
            X509Certificate existing = Pem.readCertificates(files.certificateChain()).get(0);
            if (stillGood(existing, id) && hasUsages(existing, usages) && hostNames(existing).equals(normalised(dnsNames))) {
                return new IssuedIdentity(files, existing, false);
            }
        }
        List<GeneralName> sans = new ArrayList<>();
        sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, id.uri()));
        for (String dns : dnsNames) {
            sans.add(new GeneralName(isIpAddress(dns) ? GeneralName.iPAddress : GeneralName.dNSName, dns));
        }
        return issueLeaf(files, "CN=" + name + ",O=CompanyOS", sans.toArray(GeneralName[]::new), new KeyUsage(KeyUsage.digitalSignature),
                usages.stream().map(u -> u == Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth)
                        .toArray(KeyPurposeId[]::new), "a certificate for " + id);
    }

    /** A new EC P-256 key and a leaf certificate for it from this CA, both written to {@code files}. */
    private IssuedIdentity issueLeaf(IdentityFiles files, String subject, GeneralName[] sans, KeyUsage keyUsage,
                                     KeyPurposeId[] extendedUsages, String what) {
        try {
            KeyPair keys = newKeyPair();
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCertificate, serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(LEAF_VALIDITY)), new X500Name(subject), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, keyUsage);
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extendedUsages));
            builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate leaf = sign(builder, caKey);
            Pem.writePrivate(files.privateKey(), Pem.encode(keys.getPrivate()));
            Pem.writePublic(files.certificateChain(), Pem.encode(leaf, caCertificate));
            return new IssuedIdentity(files, leaf, true);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot issue " + what, e);
        }
    }

    private boolean stillGood(X509Certificate cert, SpiffeId id) {
        try {
            cert.verify(caCertificate.getPublicKey());
        } catch (GeneralSecurityException e) {
            return false;
        }
        Instant renewAt = cert.getNotAfter().toInstant().minus(RENEW_BEFORE);
        return clock.instant().isBefore(renewAt) && SpiffeId.of(cert).filter(id::equals).isPresent();
    }

    private static boolean hasUsages(X509Certificate cert, Set<Usage> usages) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && usages.stream().allMatch(u -> eku.contains(u == Usage.SERVER
                    ? KeyPurposeId.id_kp_serverAuth.getId() : KeyPurposeId.id_kp_clientAuth.getId()));
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
    }

    /**
     * The DNS names and IP addresses a certificate is issued for. Compared when deciding whether to keep it, so a
     * certificate that still carries another region's host names (as {@code pki-init} once issued them) is replaced.
     */
    static Set<String> hostNames(X509Certificate cert) {
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            Set<String> names = new TreeSet<>();
            if (sans != null) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
                        names.add(normalised(String.valueOf(san.get(1))));
                    }
                }
            }
            return names;
        } catch (java.security.cert.CertificateParsingException e) {
            return Set.of();
        }
    }

    private static Set<String> normalised(List<String> names) {
        Set<String> result = new TreeSet<>();
        names.forEach(n -> result.add(normalised(n)));
        return result;
    }

    private static String normalised(String name) {
        if (isIpAddress(name)) {
            try {
                return InetAddress.getByName(name).getHostAddress();
            } catch (java.net.UnknownHostException e) {
                return name;
            }
        }
        return name.toLowerCase(Locale.ROOT);
    }

    private static boolean isIpAddress(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    /** An EC key allowed to make non-repudiation signatures: certificates issued before this usage existed are replaced. */
    private static boolean isDocumentSigning(X509Certificate cert) {
        boolean[] keyUsage = cert.getKeyUsage();
        return "EC".equals(cert.getPublicKey().getAlgorithm()) && keyUsage != null && keyUsage[0] && keyUsage[1];
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
