package com.companyos;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module boundaries: no cycles, no reaching into another module's internals, and the agent role depends on nothing
 * but {@code base}, {@code pki}, {@code agentapi} and {@code policy}. Writes the module diagrams to {@code docs/modules}.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(CompanyOsApplication.class);

    @Test
    void module_boundaries_hold() {
        MODULES.verify();
    }

    @Test
    void the_agent_never_depends_on_console_modules() {
        var agent = MODULES.getModuleByName("agent").orElseThrow();
        assertThat(agent.getDirectDependencies(MODULES).uniqueModules().map(m -> m.getName()).toList())
                .isNotEmpty()
                .allMatch(name -> name.equals("base") || name.equals("pki") || name.equals("agentapi") || name.equals("policy"));
    }

    @Test
    void writes_module_documentation() throws java.io.IOException {
        new Documenter(MODULES, "docs/modules")
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        // The documenter emits relations in no fixed order; sort them so an unchanged structure is an unchanged file.
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("docs/modules"))) {
            for (var file : files.filter(p -> p.toString().endsWith(".puml")).toList()) {
                java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
                java.util.List<String> rels = lines.stream().filter(l -> l.startsWith("Rel(")).sorted().toList();
                java.util.List<String> out = new java.util.ArrayList<>();
                java.util.Iterator<String> next = rels.iterator();
                for (String line : lines) {
                    out.add(line.startsWith("Rel(") ? next.next() : line);
                }
                java.nio.file.Files.write(file, out);
            }
        }
    }
}
