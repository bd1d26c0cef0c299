package com.companyos.pki;

import com.companyos.base.RegionId;
import com.companyos.pki.LocalCertificateAuthority.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One identity folder per process, holding only that process's own keys and the certificates it needs to trust
 * others: the layout the embedded default, {@code --role=pki-init} and {@code companyos.pki.mode=files} share. The
 * console's folder holds its TLS identity and its three signing keys; an agent's folder holds the CA certificate, its
 * region's TLS identity and receipt-signing key, and the platform's policy-signing <em>certificate</em> (bundles are
 * verified with it, never signed). The CA key is in no agent's folder.
 */
public final class ProcessFolders {

    public static final String CONTROL_PLANE = "control-plane";
    /** The control plane's receipt-signing key (routing receipts). */
    public static final String CONTROL_PLANE_SIGNING = "control-plane-signing";
    /** The platform's policy-signing key: the console holds the key, agents its certificate. */
    public static final String PLATFORM_SIGNING = "platform-signing";
    public static final String DOCUMENT_SIGNING = "document-signing";

    private ProcessFolders() {
    }

    /** The name of a region's TLS identity: {@code region-<id>.crt/.key}. */
    public static String region(RegionId region) {
        return "region-" + region.value();
    }

    /** The name of a region's receipt-signing key: {@code region-<id>-signing.crt/.key}. */
    public static String regionSigning(RegionId region) {
        return region(region) + "-signing";
    }

    /** Every file a region's agent folder holds, and nothing else: what {@code agent.properties} reads. */
    public static Set<String> agentFiles(RegionId region) {
        return Set.of(IdentityFiles.CA_CERT, region(region) + ".crt", region(region) + ".key",
                regionSigning(region) + ".crt", regionSigning(region) + ".key", PLATFORM_SIGNING + ".crt");
    }

    /**
     * Makes sure the console's own identities are in {@code ca}'s folder: its TLS identity (client and server: it also
     * serves the agents' internal API), the platform's policy-signing key, its receipt-signing key and its
     * document-signing key. Returns what was checked, newly issued or kept.
     */
    public static List<IssuedIdentity> ensureConsole(LocalCertificateAuthority ca, List<String> hostNames) {
        return List.of(
                ca.ensureIdentity(CONTROL_PLANE, SpiffeId.controlPlane(), EnumSet.of(Usage.CLIENT, Usage.SERVER), hostNames),
                ca.ensureSigningKey(PLATFORM_SIGNING, SpiffeId.platformPolicySigning()),
                ca.ensureSigningKey(CONTROL_PLANE_SIGNING, SpiffeId.controlPlane()),
                ca.ensureDocumentSigningKey(DOCUMENT_SIGNING, SpiffeId.documentSigning()));
    }

    /**
     * Fills {@code folder} with exactly what {@code region}'s agent reads (see {@link #agentFiles}): the CA certificate,
     * the region's TLS identity for {@code hostNames}, its receipt-signing key (both issued or kept, as {@link
     * LocalCertificateAuthority#ensureIdentity} decides) and a copy of the platform-signing certificate chain. A private
     * key of anyone else found there is deleted: the folder is handed to the agent whole.
     */
    public static List<IssuedIdentity> ensureAgent(LocalCertificateAuthority ca, Path folder, RegionId region,
                                                   List<String> hostNames, Path platformSigningCertificate) {
        LocalCertificateAuthority into = ca.issuingInto(folder);
        List<IssuedIdentity> issued = new ArrayList<>();
        issued.add(into.ensureIdentity(region(region), SpiffeId.region(region), EnumSet.of(Usage.SERVER, Usage.CLIENT), hostNames));
        issued.add(into.ensureSigningKey(regionSigning(region), SpiffeId.region(region)));
        try {
            String chain = Files.readString(platformSigningCertificate);
            Path copy = folder.resolve(PLATFORM_SIGNING + ".crt");
            if (!Files.exists(copy) || !Files.readString(copy).equals(chain)) {
                Pem.writePublic(copy, chain);
            }
            Set<String> own = agentFiles(region);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".key") && !own.contains(name)) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fill the " + region + " agent's identity folder " + folder, e);
        }
        return issued;
    }

    /** The name of a DCP agent's TLS identity: {@code dcp-<slug>-<region>.crt/.key}. */
    public static String dcp(RegionId region, String slug) {
        return "dcp-" + slug + "-" + region.value();
    }

    /** The name of a DCP's own signing key: {@code dcp-<slug>-signing.crt/.key} (one per DCP, in each of its agents). */
    public static String dcpSigning(String slug) {
        return "dcp-" + slug + "-signing";
    }

    /** Every file a DCP agent's folder holds: its TLS identity, the DCP's signing key, the CA and platform certificates. */
    public static Set<String> dcpAgentFiles(RegionId region, String slug) {
        return Set.of(IdentityFiles.CA_CERT, dcp(region, slug) + ".crt", dcp(region, slug) + ".key",
                dcpSigning(slug) + ".crt", dcpSigning(slug) + ".key", PLATFORM_SIGNING + ".crt");
    }

    /**
     * Fills {@code folder} with exactly what the agent of DCP {@code slug} in {@code region} reads: the CA certificate,
     * its TLS identity ({@code spiffe://companyos/region/<region>/dcp/<slug>}), a copy of the DCP's signing key from
     * {@code signingKey} (issued once per DCP, see {@link LocalCertificateAuthority#ensureSigningKey}) and the
     * platform-signing certificate. Any other private key found there is deleted.
     */
    public static List<IssuedIdentity> ensureDcpAgent(LocalCertificateAuthority ca, Path folder, RegionId region, String slug,
                                                      List<String> hostNames, Path platformSigningCertificate,
                                                      IdentityFiles signingKey) {
        LocalCertificateAuthority into = ca.issuingInto(folder);
        List<IssuedIdentity> issued = new ArrayList<>();
        issued.add(into.ensureIdentity(dcp(region, slug), SpiffeId.dcp(region, slug), EnumSet.of(Usage.SERVER, Usage.CLIENT), hostNames));
        try {
            copyIfChanged(signingKey.certificateChain(), folder.resolve(dcpSigning(slug) + ".crt"), false);
            copyIfChanged(signingKey.privateKey(), folder.resolve(dcpSigning(slug) + ".key"), true);
            copyIfChanged(platformSigningCertificate, folder.resolve(PLATFORM_SIGNING + ".crt"), false);
            Set<String> own = dcpAgentFiles(region, slug);
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.endsWith(".key") && !own.contains(name)) {
                        Files.delete(file);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot fill the identity folder " + folder + " of DCP " + slug + " in " + region, e);
        }
        return issued;
    }

    private static void copyIfChanged(Path from, Path to, boolean privateKey) throws IOException {
        String pem = Files.readString(from);
        if (!Files.exists(to) || !Files.readString(to).equals(pem)) {
            if (privateKey) {
                Pem.writePrivate(to, pem);
            } else {
                Pem.writePublic(to, pem);
            }
        }
    }

    /**
     * Moves identity {@code name} ({@code .crt} and {@code .key}) from the shared folder of the old layout, where one
     * folder held every process's keys, into {@code folder}, unless {@code folder} has it already. Keeps keys across
     * an upgrade (a region's receipts stay signed by the same key). Returns whether anything was moved.
     */
    public static boolean adopt(Path sharedFolder, Path folder, String name) {
        IdentityFiles from = IdentityFiles.in(sharedFolder, name);
        IdentityFiles to = IdentityFiles.in(folder, name);
        if (sharedFolder.toAbsolutePath().normalize().equals(folder.toAbsolutePath().normalize())
                || !Files.exists(from.privateKey()) || !Files.exists(from.certificateChain())
                || Files.exists(to.privateKey()) || Files.exists(to.certificateChain())) {
            return false;
        }
        try {
            Files.createDirectories(folder);
            Pem.restrictDirectory(folder);
            Files.move(from.certificateChain(), to.certificateChain());
            Files.move(from.privateKey(), to.privateKey());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot move " + name + " from " + sharedFolder + " to " + folder, e);
        }
    }
}
