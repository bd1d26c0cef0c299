package com.companyos.audit.internal;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;

import java.util.stream.Collectors;

/** Sign-in, failed sign-in and sign-out, from Spring Security's own events, into the audit log. */
@Component
class SecurityAuditListener {

    private final EvidenceRecorder recorder;

    SecurityAuditListener(EvidenceRecorder recorder) {
        this.recorder = recorder;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        Authentication auth = event.getAuthentication();
        recorder.record(AuditEvent.by(auth.getName(), "auth.sign-in", "console")
                .detail("method", method(auth))
                .detail("roles", roles(auth)));
    }

    @EventListener
    void signInFailed(AbstractAuthenticationFailureEvent event) {
        Authentication attempt = event.getAuthentication();
        String who = attempt == null || attempt.getName() == null || attempt.getName().isBlank() ? "unknown" : attempt.getName();
        recorder.record(AuditEvent.by(who, "auth.sign-in-failed", "console")
                .reason(event.getException().getMessage())
                .detail("method", attempt == null ? "unknown" : method(attempt)));
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        Authentication auth = event.getAuthentication();
        recorder.record(AuditEvent.by(auth.getName(), "auth.sign-out", "console").detail("method", method(auth)));
    }

    private static String method(Authentication auth) {
        return auth instanceof OAuth2AuthenticationToken || auth.getClass().getSimpleName().startsWith("OAuth2") ? "oidc" : "local";
    }

    private static String roles(Authentication auth) {
        return auth.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().collect(Collectors.joining(","));
    }
}
