package com.companyos;

import com.companyos.agent.AgentApplication;
import com.companyos.cli.CompanyOsCli;
import com.companyos.pki.PkiInit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

import java.util.Arrays;

/**
 * One jar, two roles. {@code --role=console} (the default) runs the control plane: Vaadin console, REST API and
 * control-plane services. {@code --role=agent --region=<id>} runs a region-local agent with its own database and no
 * console code (see {@link AgentApplication}). {@code --role=pki-init} issues certificates for deployments that
 * supply them as files (see {@link PkiInit}). {@code tenant …}, {@code approval …} run the CLI ({@link CompanyOsCli}).
 */
@Modulithic(systemName = "CompanyOS Control Plane", sharedModules = "base")
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableScheduling
@ComponentScan(excludeFilters = {
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
        // The agent role is its own small house: the console never instantiates agent beans.
        @ComponentScan.Filter(type = FilterType.REGEX, pattern = "com\\.companyos\\.agent\\..*")})
public class CompanyOsApplication {

    public static void main(String[] args) {
        if (args.length > 0 && CompanyOsCli.VERBS.contains(args[0])) {
            System.exit(CompanyOsCli.run(args));
        }
        String role = Arrays.stream(args)
                .filter(a -> a.startsWith("--role="))
                .map(a -> a.substring("--role=".length()))
                .reduce((first, second) -> second)
                .orElse("console");
        switch (role) {
            case "console" -> SpringApplication.run(CompanyOsApplication.class, args);
            case "agent" -> AgentApplication.run(args);
            case "pki-init" -> PkiInit.run(args);
            default -> {
                System.err.println("Unknown --role=" + role
                        + ". Use --role=console (default), --role=agent --region=<id>, or --role=pki-init.");
                System.exit(2);
            }
        }
    }
}
