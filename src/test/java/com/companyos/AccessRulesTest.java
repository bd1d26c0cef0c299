package com.companyos;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

/**
 * Server-side authorization is declared, never assumed: every view states who may open it, and services use
 * Spring's {@code @PreAuthorize} (JSR-250 annotations on services would turn on method security that also proxies
 * Vaadin views). Views never touch repositories or generated jOOQ tables.
 */
class AccessRulesTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.companyos");

    @Test
    void every_view_declares_who_may_open_it() {
        ArchRule rule = classes().that().areAnnotatedWith(Route.class).or().implement(HasErrorParameter.class)
                .should().beAnnotatedWith(RolesAllowed.class)
                .orShould().beAnnotatedWith(PermitAll.class)
                .orShould().beAnnotatedWith(AnonymousAllowed.class)
                .orShould().beAnnotatedWith(DenyAll.class);
        rule.check(CLASSES);
    }

    @Test
    void services_are_guarded_with_pre_authorize_not_jsr250() {
        noClasses().that().areAnnotatedWith(Service.class).should().beAnnotatedWith(RolesAllowed.class).check(CLASSES);
        noMethods().that().areDeclaredInClassesThat().areAnnotatedWith(Service.class)
                .should().beAnnotatedWith(RolesAllowed.class).check(CLASSES);
    }

    @Test
    void views_never_touch_repositories_or_tables() {
        noClasses().that().resideInAPackage("..ui..")
                .should().dependOnClassesThat().resideInAnyPackage("..internal..", "com.companyos.db..", "org.jooq..")
                .check(CLASSES);
    }
}
