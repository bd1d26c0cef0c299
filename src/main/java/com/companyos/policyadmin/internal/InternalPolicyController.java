package com.companyos.policyadmin.internal;

import com.companyos.policy.PolicyChannel;
import com.companyos.policy.SignedBundle;
import com.companyos.policyadmin.PolicyBundles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Agents fetch their channels' current bundles here (internal API: mutual TLS, region identities only). */
@RestController
class InternalPolicyController {

    private final PolicyBundles bundles;

    InternalPolicyController(PolicyBundles bundles) {
        this.bundles = bundles;
    }

    @GetMapping("/internal/v1/policy/bundles/{channel}")
    SignedBundle current(@PathVariable String channel) {
        return bundles.current(PolicyChannel.of(channel));
    }
}
