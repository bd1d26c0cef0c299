package com.companyos.security;

import com.companyos.audit.AuditQuery;
import com.companyos.audit.AuditService;
import com.companyos.regions.RegionService;
import com.companyos.support.ConsoleIT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Services are guarded on the server, whatever the UI shows: the second line of defence behind view access. */
class ServiceAuthorizationIT extends ConsoleIT {

    @Autowired
    RegionService regions;
    @Autowired
    AuditService audit;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void a_customer_cannot_call_region_or_audit_services() {
        as("CUSTOMER");
        assertThatThrownBy(regions::statuses).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> audit.search(AuditQuery.all(), 0, 10)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(audit::verify).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void an_executive_sees_regions_but_cannot_restart_agents_or_read_the_audit_log() {
        as("EXECUTIVE");
        assertThat(regions.statuses()).hasSize(3);
        assertThatThrownBy(() -> regions.restartLocalAgent(EU_WEST, "curious")).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> audit.search(AuditQuery.all(), 0, 10)).isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void nobody_signed_in_gets_nothing() {
        assertThatThrownBy(regions::statuses).isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    }

    @Test
    void a_restart_needs_a_reason() {
        as("OPERATOR");
        assertThatThrownBy(() -> regions.restartLocalAgent(EU_WEST, "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Say why the agent is restarted");
    }

    private static void as(String role) {
        SecurityContextHolder.getContext().setAuthentication(new UsernamePasswordAuthenticationToken("someone", null,
                AuthorityUtils.createAuthorityList("ROLE_" + role)));
    }
}
