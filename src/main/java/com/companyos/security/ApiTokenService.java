package com.companyos.security;

import com.companyos.audit.AuditEvent;
import com.companyos.audit.EvidenceRecorder;
import com.companyos.base.Actor;
import com.companyos.base.ConflictException;
import com.companyos.base.CurrentUser;
import com.companyos.base.Hashing;
import com.companyos.base.Role;
import com.companyos.base.Roles;
import com.companyos.base.SignedInUser;
import com.companyos.db.tables.records.AppUserRecord;
import com.companyos.security.internal.ApiTokenRepository;
import com.companyos.security.internal.LocalAccountRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Personal API tokens for the REST API and the CLI. A token acts as its owner with the roles the owner had when it was
 * issued; only its SHA-256 is stored; it expires and can be revoked; issuing and revoking are audited.
 */
@Service
public class ApiTokenService {

    public static final String PREFIX = "cop_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository tokens;
    private final LocalAccountRepository accounts;
    private final EvidenceRecorder evidence;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository tokens, LocalAccountRepository accounts, EvidenceRecorder evidence, Clock clock) {
        this.tokens = tokens;
        this.accounts = accounts;
        this.evidence = evidence;
        this.clock = clock;
    }

    @Transactional
    @PreAuthorize(Roles.ANY_STAFF)
    public IssuedApiToken issue(String name, Duration validity) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Give the token a name (e.g. \"laptop CLI\")");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofDays(365)) > 0) {
            throw new IllegalArgumentException("A token is valid for 1 to 365 days");
        }
        SignedInUser me = CurrentUser.require();
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Instant expires = now.plus(validity);
        tokens.insert(id, me.username(), name.trim(), token.substring(0, 12), Hashing.sha256Hex(token),
                me.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")), me.tenantId().orElse(null),
                me.tenantSlug().orElse(null), now, expires);
        evidence.record(AuditEvent.of("api-token.issued", "account:" + me.username()).detail("tokenId", id.toString())
                .detail("name", name.trim()).detail("expiresAt", expires.toString()));
        return new IssuedApiToken(id, name.trim(), token, expires);
    }

    @Transactional(readOnly = true)
    @PreAuthorize(Roles.ANY_STAFF)
    public List<ApiToken> mine() {
        return tokens.byOwner(Actor.current());
    }

    @Transactional
    @PreAuthorize(Roles.ANY_STAFF)
    public void revoke(UUID id) {
        if (!tokens.revoke(id, Actor.current(), clock.instant())) {
            throw new ConflictException("This token is not yours, or was already revoked");
        }
        evidence.record(AuditEvent.of("api-token.revoked", "account:" + Actor.current()).detail("tokenId", id.toString()));
    }

    /**
     * The principal a presented token stands for, if it is known, unrevoked and unexpired, and its owner still may act
     * so: a token never carries more than its owner holds now. For an owner with a local account, the account must still
     * be enabled, and the token acts with the roles it was issued with that the account still has (and only for the
     * tenant the account is still bound to); a token whose owner has lost all of them is refused, and the refusal is
     * audited. (An owner who signs in through the identity provider has no local account to compare with; see ADR 0001.)
     */
    @Transactional
    public Optional<ApiTokenPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findBySha256(Hashing.sha256Hex(token.trim()))
                .filter(r -> r.getRevokedAt() == null && r.getExpiresAt().toInstant().isAfter(now))
                .flatMap(r -> {
                    Set<Role> issued = Arrays.stream(r.getRoles().split(",")).filter(x -> !x.isBlank()).map(Role::valueOf)
                            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
                    Set<Role> roles = issued;
                    String tenant = r.getTenantSlug();
                    UUID tenantId = r.getTenantId();
                    Optional<AppUserRecord> account = accounts.findByUsername(r.getOwner());
                    if (account.isPresent()) {
                        AppUserRecord a = account.get();
                        roles = EnumSet.noneOf(Role.class);
                        if (Boolean.TRUE.equals(a.getEnabled()) && issued.contains(Role.valueOf(a.getRole()))
                                && Objects.equals(a.getTenantSlug(), tenant) && Objects.equals(a.getTenantId(), tenantId)) {
                            roles.add(Role.valueOf(a.getRole()));
                        }
                    }
                    if (roles.isEmpty()) {
                        evidence.recordRefusal(AuditEvent.by(r.getOwner(), "api-token.refused", "account:" + r.getOwner())
                                .detail("tokenId", r.getTokenId().toString()).reason("The token's owner no longer holds the roles "
                                        + "it was issued with (account disabled, or its role or tenant changed)"));
                        return Optional.empty();
                    }
                    tokens.touch(r.getTokenId(), now);
                    return Optional.of(new ApiTokenPrincipal(r.getOwner(), roles, tenantId, tenant, r.getTokenPrefix()));
                });
    }

}
