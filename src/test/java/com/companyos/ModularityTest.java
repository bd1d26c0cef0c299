package com.companyos;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module boundaries: no cycles, no reaching into another module's internals, every dependency declared in the
 * module's {@code package-info}, and the agent role reaches nothing but the shared modules ({@code base}, {@code pki},
 * {@code policy}, {@code agentapi}) — not directly and not through one of them. Writes the module diagrams to
 * {@code docs/modules}.
 */
class ModularityTest {

    static final ApplicationModules MODULES = ApplicationModules.of(CompanyOsApplication.class);

    /** The modules both roles may run; everything else is the console's. */
    static final Set<String> SHARED = Set.of("base", "pki", "policy", "agentapi");

    @Test
    void module_boundaries_hold() {
        MODULES.verify();
    }

    @Test
    void every_module_declares_what_it_may_depend_on() {
        for (ApplicationModule module : MODULES) {
            var annotation = module.getBasePackage().getAnnotation(org.springframework.modulith.ApplicationModule.class);
            assertThat(annotation).as("@ApplicationModule(allowedDependencies = ...) on %s", module.getName()).isPresent();
        }
    }

    @Test
    void the_agent_never_reaches_a_console_module() {
        assertThat(reachable(MODULES, "agent")).contains("base", "policy", "agentapi");
        assertThat(consoleModulesReachedBy(MODULES, "agent")).isEmpty();
    }

    @Test
    void the_agent_rule_catches_a_console_module_reached_through_a_shared_one() {
        // modularityfixture: agent -> policy (allowed) -> approvals (console). Its direct dependencies look fine.
        var fixture = ApplicationModules.of("modularityfixture", location -> true); // test classes too
        var agent = fixture.getModuleByName("agent").orElseThrow();
        assertThat(agent.getDirectDependencies(fixture).uniqueModules().map(ApplicationModule::getName).toList())
                .containsExactly("policy");
        assertThat(consoleModulesReachedBy(fixture, "agent")).containsExactly("approvals");
    }

    /** The rule: modules outside {@link #SHARED} that {@code start} reaches. */
    static Set<String> consoleModulesReachedBy(ApplicationModules modules, String start) {
        Set<String> reached = reachable(modules, start);
        reached.removeAll(SHARED);
        return reached;
    }

    /** Every module reachable from {@code start} through code dependencies of any kind (types, beans, events). */
    static Set<String> reachable(ApplicationModules modules, String start) {
        Set<String> seen = new TreeSet<>();
        Deque<ApplicationModule> todo = new ArrayDeque<>();
        todo.add(modules.getModuleByName(start).orElseThrow());
        while (!todo.isEmpty()) {
            todo.pop().getDirectDependencies(modules).uniqueModules()
                    .filter(m -> seen.add(m.getName()))
                    .forEach(todo::add);
        }
        seen.remove(start);
        return seen;
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
