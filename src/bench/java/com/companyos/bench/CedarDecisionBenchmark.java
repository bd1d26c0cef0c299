package com.companyos.bench;

import com.companyos.agentapi.data.Seam;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyBundle;
import com.companyos.policy.PolicyChannel;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyEngine;
import com.companyos.policy.PolicyQuery;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cedar decisions over the shipped standard bundle, with the real {@link PolicyEngine}: {@code uncached} evaluates
 * every time (Cedar through JNI), {@code cached} is what the agent's hot path does once a question has been seen (the
 * engine serves one bundle, so its cache is per bundle hash and question). Two questions: the agent's write decision
 * (allowed) and a pii export out of the zone (denied, so a denial's rationale is built too).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 4)
public class CedarDecisionBenchmark {

    @Param({"write", "export"})
    public String question;

    private PolicyEngine engine;
    private PolicyQuery query;

    @Setup
    public void setUp() {
        engine = new PolicyEngine(PolicyBundle.fromClasspath(PolicyChannel.STANDARD), Clock.systemUTC());
        query = query(question);
        // Measure real evaluations, not an error path: the outcome must be the policy's, with a determining policy.
        PolicyDecision d = engine.decideUncached(query);
        boolean expected = question.equals("write");
        if (d.allowed() != expected || d.determiningPolicies().isEmpty() || d.explanation().contains("evaluation failed")) {
            throw new IllegalStateException("Unexpected decision for " + question + ": " + d.explanation());
        }
    }

    /** The agent's questions, built as {@code ResidencyGuard} builds them. */
    static PolicyQuery query(String question) {
        EntityRef agent = new EntityRef("Agent", "eu-west", Map.of("region", "eu-west", "zone", "EU"));
        EntityRef tenant = new EntityRef("Tenant", "bench-tenant", Map.of("zone", "EU", "residencyLocked", false));
        return switch (question) {
            case "write" -> new PolicyQuery(agent, Seam.WRITE.action(), tenant,
                    Map.of("classification", "internal", "storageRegionAllowed", true, "processingZone", "EU"));
            case "export" -> new PolicyQuery(agent, Seam.EXPORT.action(), tenant,
                    Map.of("classification", "pii", "destination", "us-archive", "destinationZone", "US"));
            default -> throw new IllegalArgumentException(question);
        };
    }

    @Benchmark
    public PolicyDecision uncached() {
        return engine.decideUncached(query);
    }

    @Benchmark
    public PolicyDecision cached() {
        return engine.decide(query);
    }
}
