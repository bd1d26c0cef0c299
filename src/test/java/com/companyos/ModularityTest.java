package com.companyos;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Module boundaries: no cycles, no reaching into another module's internals, and the agent role depends on nothing
 * but {@code base}, {@code pki} and {@code agentapi}. Writes the module diagrams to {@code docs/modules}.
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
    void writes_module_documentation() {
        new Documenter(MODULES, "docs/modules")
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
    }
}
