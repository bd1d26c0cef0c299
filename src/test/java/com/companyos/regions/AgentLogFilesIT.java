package com.companyos.regions;

import com.companyos.support.ConsoleIT;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A local agent logs into its own rolling file ({@code agent.log}; rotated by size and day, compressed, capped — see
 * agent.properties), not through its standard output: {@code agent.stdout.log} keeps only what the JVM writes itself,
 * so nothing grows without bound under a canary's per-request traffic log.
 */
class AgentLogFilesIT extends ConsoleIT {

    @Test
    void each_agent_writes_its_own_log_file_and_nothing_of_it_to_standard_output() throws Exception {
        awaitAllRegionsHealthy();
        for (String region : new String[]{"eu-west", "eu-central", "us-east"}) {
            Path dir = DATA_DIR.resolve("agents").resolve(region);
            String log = Files.readString(dir.resolve("agent.log"));
            assertThat(log).contains("Started CompanyOsApplication").contains("[agent " + region + "]");
            assertThat(log.lines().findFirst().orElse("")).as("the file pattern has the date").matches("^\\d{4}-\\d{2}-\\d{2} .*");
            Path stdout = dir.resolve("agent.stdout.log");
            assertThat(stdout).exists();
            assertThat(Files.readAllLines(stdout)).as("no log line goes through standard output")
                    .noneMatch(l -> l.contains("Started CompanyOsApplication") || l.contains(" INFO "));
        }
    }
}
