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
import com.companyos.security.internal.ApiTokenRepository;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
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
    private final EvidenceRecorder evidence;
    private final Clock clock;

    ApiTokenService(ApiTokenRepository tokens, EvidenceRecorder evidence, Clock clock) {
        this.tokens = tokens;
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
                me.roles().stream().map(Enum::name).sorted().collect(Collectors.joining(",")), me.tenantSlug().orElse(null), now, expires);
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

    /** The principal a presented token stands for, if it is known, unrevoked and unexpired. */
    @Transactional
    public Optional<ApiTokenPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return tokens.findBySha256(Hashing.sha256Hex(token.trim()))
                .filter(r -> r.getRevokedAt() == null && r.getExpiresAt().toInstant().isAfter(now))
                .map(r -> {
                    tokens.touch(r.getTokenId(), now);
                    return new ApiTokenPrincipal(r.getOwner(), Arrays.stream(r.getRoles().split(",")).filter(s -> !s.isBlank())
                            .map(Role::valueOf).collect(Collectors.toSet()), r.getTenantSlug(), r.getTokenPrefix());
                });
    }

}
