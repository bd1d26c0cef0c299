package com.companyos.bench;

import com.companyos.agentapi.data.Receipt;
import com.companyos.agentapi.data.Seam;
import com.companyos.base.RegionId;
import com.companyos.pki.IssuedIdentity;
import com.companyos.pki.LocalCertificateAuthority;
import com.companyos.pki.SigningKey;
import com.companyos.pki.SpiffeId;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A region's receipt signature as the agent makes one per governed operation ({@code ReceiptSigner}): the receipt's
 * canonical JSON and its Ed25519 signature, with a key issued by the real local CA.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class ReceiptSigningBenchmark {

    private Path dir;
    private SigningKey key;
    private Receipt receipt;

    @Setup
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("bench-pki-");
        LocalCertificateAuthority ca = LocalCertificateAuthority.openOrCreate(dir, Clock.systemUTC());
        IssuedIdentity issued = ca.ensureSigningKey("region-eu-west-signing", SpiffeId.region(RegionId.of("eu-west")));
        key = SigningKey.load(issued.files().privateKey(), issued.files().certificateChain());
        receipt = new Receipt(UUID.randomUUID().toString(), UUID.randomUUID().toString(), "bench-tenant", Seam.WRITE,
                "PUT record invoice-42", true, "eu-west", List.of("eu-west"), UUID.randomUUID().toString(),
                List.of("write-in-allowed-region"), "2026.11.1", "ab".repeat(32), "cd".repeat(32), Instant.now());
    }

    @TearDown
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Canonical JSON of the receipt plus its Ed25519 signature: one governed operation's signing cost. */
    @Benchmark
    public SigningKey.SignedJson signReceipt() {
        return key.signJson(receipt.fields());
    }
}
