package com.companyos.security;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Role;
import com.companyos.security.internal.LocalAccountRepository;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
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
}
