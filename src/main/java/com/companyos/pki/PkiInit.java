package com.companyos.pki;

import com.companyos.base.RegionId;
import com.companyos.pki.LocalCertificateAuthority.Usage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code --role=pki-init}: issues a CA, the console's identity and one identity per region into a folder, in the
 * layout {@code companyos.pki.mode=files} reads. For deployments without an organisational PKI (and the compose
 * file in {@code docker/}); idempotent, so it can run before every start. Prints only public facts (fingerprints).
 *
 * <pre>java -jar companyos.jar --role=pki-init --pki-dir=/pki --regions=eu-west,eu-central,us-east \
 *     --agent-host-names=agent-eu-west,agent-eu-central,agent-us-east,localhost</pre>
 */
public final class PkiInit {

    private PkiInit() {
    }

    public static void run(String[] args) {
        Map<String, String> options = Arrays.stream(args).filter(a -> a.startsWith("--") && a.contains("="))
                .collect(Collectors.toMap(a -> a.substring(2, a.indexOf('=')), a -> a.substring(a.indexOf('=') + 1), (a, b) -> b));
        String dir = options.get("pki-dir");
        String regions = options.get("regions");
        if (dir == null || regions == null) {
            System.err.println("Usage: --role=pki-init --pki-dir=<folder> --regions=<id,id,...> [--agent-host-names=<name,...>]");
            System.exit(2);
        }
        Function<String, List<String>> list = s -> s == null || s.isBlank() ? List.of()
                : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(Path.of(dir), Clock.systemUTC());
        System.out.println((ca.created() ? "created " : "kept    ") + "CA " + Fingerprints.sha256(ca.certificate()));
        report(ca.ensureIdentity("control-plane", SpiffeId.controlPlane(), EnumSet.of(Usage.CLIENT), List.of()));
        report(ca.ensureDocumentSigningKey("document-signing", SpiffeId.documentSigning()));
        for (String region : list.apply(regions)) {
            report(ca.ensureIdentity("region-" + RegionId.of(region).value(), SpiffeId.region(RegionId.of(region)),
                    EnumSet.of(Usage.SERVER, Usage.CLIENT), list.apply(options.get("agent-host-names"))));
        }
    }

    private static void report(IssuedIdentity issued) {
        System.out.println((issued.newlyIssued() ? "issued  " : "kept    ") + SpiffeId.of(issued.certificate()).orElseThrow()
                + " until " + issued.certificate().getNotAfter().toInstant() + " " + issued.fingerprint());
    }
}
