package com.companyos.security;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Role;
import com.companyos.db.tables.records.AppUserRecord;
import com.companyos.security.internal.LocalAccountRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Creates local accounts (embedded default). Every account created is audited in the same transaction. */
@Service
public class LocalAccountService {

    private final LocalAccountRepository accounts;
    private final PasswordEncoder passwords;
    private final EvidenceRecorder evidence;
    private final Clock clock;

    LocalAccountService(LocalAccountRepository accounts, PasswordEncoder passwords, EvidenceRecorder evidence, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.evidence = evidence;
        this.clock = clock;
    }

    /**
     * Creates a local account; a customer account is bound to the tenant with ID {@code tenantId} (whose slug is
     * {@code tenant}). Both must be null for staff roles.
     */
    @Transactional
    public void create(String username, String displayName, String email, String rawPassword, Role role, UUID tenantId,
                       String tenant) {
        if (role == Role.CUSTOMER && tenantId == null) {
            throw new IllegalArgumentException("A customer account must be bound to a tenant");
        }
        insert(username, displayName, email, rawPassword, role, tenantId, tenant);
    }

    /**
     * A customer account for a tenant that does not exist yet (the demo customer): pending until a tenant with slug
     * {@code tenant} is created ({@link CustomerAccounts#tenantCreated}), and seeing nothing until then.
     */
    @Transactional
    void createPending(String username, String displayName, String email, String rawPassword, String tenant) {
        insert(username, displayName, email, rawPassword, Role.CUSTOMER, null, tenant);
    }

    private void insert(String username, String displayName, String email, String rawPassword, Role role, UUID tenantId,
                        String tenant) {
        if ((role == Role.CUSTOMER) != (tenant != null) || (role != Role.CUSTOMER && tenantId != null)) {
            throw new IllegalArgumentException(role == Role.CUSTOMER
                    ? "A customer account must be bound to a tenant" : "Only customer accounts are bound to a tenant");
        }
        if (rawPassword == null || rawPassword.length() < 8) {
            throw new IllegalArgumentException("A password needs at least 8 characters");
        }
        String normalized = username.trim().toLowerCase();
        if (accounts.findByUsername(normalized).isPresent()) {
            throw new IllegalArgumentException("An account named '" + normalized + "' already exists");
        }
        accounts.insert(normalized, displayName, email, passwords.encode(rawPassword), role, tenantId, tenant, clock.instant());
        evidence.record(AuditEvent.of("account.created", "account:" + normalized)
                .detail("role", role.name())
                .detail("tenant", tenant)
                .detail("tenantId", tenantId == null ? null : tenantId.toString()));
    }

    @Transactional(readOnly = true)
    public boolean anyAccountExists() {
        return accounts.count() > 0;
    }

    /**
     * The synthetic account a probe signs in with: created (staff role, never a customer) with {@code rawPassword} on
     * first use; an existing enabled account gets {@code rawPassword} (the probe's process holds its password only in
     * memory). A disabled account stays disabled — it was revoked, and the probe must then fail. Returns whether the
     * account is enabled.
     */
    @Transactional
    public boolean ensureSynthetic(String username, String displayName, Role role, String rawPassword) {
        if (role == Role.CUSTOMER || !username.startsWith("probe-")) {
            throw new IllegalArgumentException("A synthetic account is a staff account named probe-…; got " + username + " (" + role + ")");
        }
        Optional<AppUserRecord> existing = accounts.findByUsername(username);
        if (existing.isEmpty()) {
            insert(username, displayName, null, rawPassword, role, null, null);
            return true;
        }
        if (!Boolean.TRUE.equals(existing.get().getEnabled())) {
            return false;
        }
        accounts.setPassword(username, passwords.encode(rawPassword));
        evidence.record(AuditEvent.of("account.synthetic-password-set", "account:" + username)
                .reason("The probe's console holds the synthetic account's password only in memory and set a new one"));
        return true;
    }

    /** Disables (revokes) an account: it can no longer sign in. */
    @Transactional
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public void disable(String username, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why the account is disabled");
        }
        if (accounts.setEnabled(username.trim().toLowerCase(), false, reason)) {
            evidence.record(AuditEvent.of("account.disabled", "account:" + username).reason(reason));
        }
    }

    /** Enables a disabled account again. */
    @Transactional
    @PreAuthorize("hasRole('PLATFORM_ADMIN')")
    public void enable(String username, String reason) {
        if (accounts.setEnabled(username.trim().toLowerCase(), true, null)) {
            evidence.record(AuditEvent.of("account.enabled", "account:" + username).reason(reason));
        }
    }
}
