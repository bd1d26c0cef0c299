package com.companyos.security;

import com.companyos.base.Role;
import com.companyos.base.db.ConditionalOnDemoData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;

/**
 * Seeds one demo account per role on the first start of the embedded default (when no account exists yet). The
 * README lists them. {@code companyos.security.demo-accounts} is {@code auto} by default: on with the embedded
 * database, off as soon as the console is given a database of its own ({@code spring.datasource.url}), so a
 * production console never has accounts with a published password. {@code true} or {@code false} decides explicitly.
 */
@Component
@ConditionalOnDemoData("companyos.security.demo-accounts")
public class DemoAccounts {

    /** The demo password, printed in the README and on the login page of the embedded default. */
    public static final String PASSWORD = "demo-pass";

    /** One demo account. */
    public record Demo(String username, String displayName, Role role, String tenant) {
    }

    public static final List<Demo> ACCOUNTS = List.of(
            new Demo("admin", "Ada Admin", Role.PLATFORM_ADMIN, null),
            new Demo("compliance1", "Clara Compliance", Role.COMPLIANCE_OFFICER, null),
            new Demo("compliance2", "Conrad Compliance", Role.COMPLIANCE_OFFICER, null),
            new Demo("operator", "Otto Operator", Role.OPERATOR, null),
            new Demo("exec", "Eve Executive", Role.EXECUTIVE, null),
            new Demo("customer", "Cory Customer", Role.CUSTOMER, "acme-eu"));

    private static final Logger log = LoggerFactory.getLogger(DemoAccounts.class);

    private final LocalAccountService accounts;

    DemoAccounts(LocalAccountService accounts) {
        this.accounts = accounts;
    }

    @EventListener(ContextRefreshedEvent.class)
    @Transactional
    void seedOnFirstStart() {
        if (accounts.anyAccountExists()) {
            return;
        }
        for (Demo d : ACCOUNTS) {
            String email = d.username() + "@demo.companyos.example";
            if (d.tenant() == null) {
                accounts.create(d.username(), d.displayName(), email, PASSWORD, d.role(), null, null);
            } else {
                // The demo tenant is created after this (DemoTenant); the customer is bound to it then, by ID.
                accounts.createPending(d.username(), d.displayName(), email, PASSWORD, d.tenant());
            }
        }
        log.info("Seeded {} demo accounts (password '{}'): {}", ACCOUNTS.size(), PASSWORD,
                ACCOUNTS.stream().map(Demo::username).toList());
    }
}
