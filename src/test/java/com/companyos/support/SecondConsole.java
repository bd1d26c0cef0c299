package com.companyos.support;

import com.companyos.CompanyOsApplication;
import com.companyos.base.RegionId;
import com.companyos.base.cluster.ClusterEventListener;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A second console on the shared test stack's control-plane database, as a production console instance runs: its own
 * Spring context, web server, internal port and scheduler; the first console's database (by URL, as
 * {@code SPRING_DATASOURCE_URL} gives it), the first console's agents (local agents disabled) and the same PKI folder.
 * Only the database connects the two: each has its own application events, caches and schedulers.
 */
public final class SecondConsole implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SecondConsole(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static SecondConsole start(String jdbcUrl, Path dataDir, Path pkiDir, Map<RegionId, Integer> agentPorts,
                                      Map<RegionId, Integer> dataPorts) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--companyos.data-dir=" + dataDir,
                "--companyos.pki.directory=" + pkiDir,
                "--companyos.agents.local.enabled=false",
                "--companyos.internal.port=" + ConsoleIT.freePort(),
                "--companyos.security.demo-accounts=false",
                "--companyos.demo.tenant=false",
                "--companyos.probes.scheduled=false",
                "--companyos.regions.poll-interval=1s",
                "--db-scheduler.scheduler-name=console-b",
                "--spring.lifecycle.timeout-per-shutdown-phase=2s"));
        agentPorts.forEach((region, p) -> args.add("--companyos.regions.endpoints." + region + ".url=https://localhost:" + p));
        dataPorts.forEach((region, p) -> args.add("--companyos.regions.endpoints." + region + ".data-url=https://localhost:" + p));
        SecondConsole console = new SecondConsole(new SpringApplicationBuilder(CompanyOsApplication.class).run(args.toArray(String[]::new)));
        console.awaitListening();
        return console;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public String baseUrl() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Waits until this console listens for the other console's events (its first connection is made in the background). */
    private void awaitListening() {
        ClusterEventListener listener = bean(ClusterEventListener.class);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!listener.listening()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The second console does not listen for cluster events");
            }
            ConsoleIT.sleep(100);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
