package com.companyos.security.internal;

import com.companyos.base.Role;
import com.companyos.security.LocalAccount;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Loads local accounts for form sign-in. */
@Service
class LocalUserDetailsService implements UserDetailsService {

    private final LocalAccountRepository accounts;

    LocalUserDetailsService(LocalAccountRepository accounts) {
        this.accounts = accounts;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return accounts.findByUsername(username == null ? "" : username.trim().toLowerCase())
                .map(r -> new LocalAccount(r.getUsername(), r.getDisplayName(), Role.valueOf(r.getRole()),
                        r.getTenantId(), r.getTenantSlug(), r.getPasswordHash(), Boolean.TRUE.equals(r.getEnabled())))
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }
}
