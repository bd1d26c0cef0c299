package com.companyos.pki;

import com.companyos.base.RegionId;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code --role=pki-init}: issues a CA, the console's identities and one identity per region, one folder per process,
 * in the layout {@code companyos.pki.mode=files} (console) and {@code COMPANYOS_AGENT_TLS_DIR} (agents) read:
 * <pre>
 * &lt;pki-dir&gt;/ca/                ca.key + ca.crt: mount into nothing; belongs offline (see the note written there)
 * &lt;pki-dir&gt;/console/           ca.crt, control-plane, control-plane-signing, platform-signing, document-signing
 * &lt;pki-dir&gt;/agents/&lt;region&gt;/   ca.crt, region-&lt;id&gt;, region-&lt;id&gt;-signing, platform-signing.crt (certificate only)
 * </pre>
 * For deployments without an organisational PKI (and the compose file in {@code docker/}); idempotent, so it can run
 * before every start. A folder laid out the old way (every file in {@code <pki-dir>} itself) is moved into this layout,
 * keeping the CA and the keys. Prints only public facts (fingerprints).
 *
 * <pre>java -jar companyos.jar --role=pki-init --pki-dir=/pki --regions=eu-west,eu-central,us-east \
 *     --agent-host-names='agent-{region}'</pre>
 *
 * <p>{@code --agent-host-names}: the DNS names (or IP addresses) of the region certificates. {@code {region}} stands for
 * the region's id; a name that contains a listed region's id (the old form, {@code agent-eu-west,agent-us-east}) goes
 * into that region's certificate only; any other name (e.g. {@code localhost}) into every region's.
 * {@code --console-host-names}: likewise for the console's certificate (agents check its SPIFFE ID, not its name).
 */
public final class PkiInit {

    static final String CA_FOLDER = "ca";
    static final String CONSOLE_FOLDER = "console";
    static final String AGENTS_FOLDER = "agents";
    static final String OFFLINE_NOTE = "README-OFFLINE.txt";
    private static final String REGION = "{region}";

    private PkiInit() {
    }

    public static void run(String[] args) {
        Map<String, String> options = Arrays.stream(args).filter(a -> a.startsWith("--") && a.contains("="))
                .collect(Collectors.toMap(a -> a.substring(2, a.indexOf('=')), a -> a.substring(a.indexOf('=') + 1), (a, b) -> b));
        String dir = options.get("pki-dir");
        String regions = options.get("regions");
        if (dir == null || regions == null) {
            System.err.println("Usage: --role=pki-init --pki-dir=<folder> --regions=<id,id,...> "
                    + "[--agent-host-names=<name,...>, {region} = the region's id] [--console-host-names=<name,...>]");
            System.exit(2);
        }
        Function<String, List<String>> list = s -> s == null || s.isBlank() ? List.of()
                : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        try {
            issue(Path.of(dir), list.apply(regions), list.apply(options.get("agent-host-names")),
                    list.apply(options.get("console-host-names")), System.out);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Issues (or keeps) every folder of the layout above. */
    static void issue(Path dir, List<String> regions, List<String> agentHostNames, List<String> consoleHostNames, PrintStream out) {
        List<RegionId> ids = regions.stream().map(RegionId::of).toList();
        Path caDir = dir.resolve(CA_FOLDER);
        Path consoleDir = dir.resolve(CONSOLE_FOLDER);
        if (ProcessFolders.adopt(dir, caDir, "ca")) {
            out.println("moved   the CA from " + dir + " into " + caDir);
        }
        if (Files.exists(caDir.resolve(IdentityFiles.CA_CERT)) && !Files.exists(caDir.resolve(LocalCertificateAuthority.CA_KEY))) {
            throw new IllegalStateException("The CA's key is not in " + caDir + " (kept offline?): put " + LocalCertificateAuthority.CA_KEY
                    + " back there for this run to issue or renew certificates, then take it offline again.");
        }
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(caDir, Clock.systemUTC());
        writeOfflineNote(caDir);
        out.println((ca.created() ? "created " : "kept    ") + "CA " + Fingerprints.sha256(ca.certificate()) + " in " + caDir
                + " (the CA key belongs offline: see " + OFFLINE_NOTE + ")");

        for (String name : List.of(ProcessFolders.CONTROL_PLANE, ProcessFolders.CONTROL_PLANE_SIGNING,
                ProcessFolders.PLATFORM_SIGNING, ProcessFolders.DOCUMENT_SIGNING)) {
            ProcessFolders.adopt(dir, consoleDir, name);
        }
        ProcessFolders.ensureConsole(ca.issuingInto(consoleDir), consoleHostNames).forEach(issued -> report(issued, out));

        for (RegionId region : ids) {
            Path agentDir = dir.resolve(AGENTS_FOLDER).resolve(region.value());
            ProcessFolders.adopt(dir, agentDir, ProcessFolders.region(region));
            ProcessFolders.adopt(dir, agentDir, ProcessFolders.regionSigning(region));
            ProcessFolders.ensureAgent(ca, agentDir, region, hostNamesFor(region, agentHostNames, ids),
                            IdentityFiles.in(consoleDir, ProcessFolders.PLATFORM_SIGNING).certificateChain())
                    .forEach(issued -> report(issued, out));
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".key"))
                    .forEach(f -> out.println("unused  " + f + " (the old shared layout; no process reads it: delete it)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The host names of {@code region}'s certificate: its own, and those of no other region. */
    static List<String> hostNamesFor(RegionId region, List<String> names, List<RegionId> regions) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            if (name.contains(REGION)) {
                result.add(name.replace(REGION, region.value()));
                continue;
            }
            Optional<RegionId> owner = regions.stream().filter(r -> name.contains(r.value()))
                    .max(Comparator.comparingInt(r -> r.value().length()));
            if (owner.isEmpty() || owner.get().equals(region)) {
                result.add(name);
            }
        }
        return result.stream().distinct().toList();
    }

    private static void writeOfflineNote(Path caDir) {
        Path note = caDir.resolve(OFFLINE_NOTE);
        if (!Files.exists(note)) {
            Pem.writePublic(note, """
                    This folder holds the CompanyOS CA's private key (ca.key). No running process needs it: the console
                    and each agent get only their own folder (../console, ../agents/<region>), with their own keys and
                    the CA certificate. Mount this folder into no container.

                    In production, move ca.key to offline storage (or an HSM) once the certificates are issued, and bring
                    it back only to run --role=pki-init again: to add a region, or to renew certificates within 30 days
                    of their expiry. Without ca.key here, pki-init refuses to run rather than start a new CA.
                    """);
        }
    }

    private static void report(IssuedIdentity issued, PrintStream out) {
        out.println((issued.newlyIssued() ? "issued  " : "kept    ") + SpiffeId.of(issued.certificate()).orElseThrow()
                + " until " + issued.certificate().getNotAfter().toInstant() + " " + issued.fingerprint()
                + " in " + issued.files().certificateChain());
    }
}
