package com.companyos.agent.runtime;

import com.companyos.agent.AgentSettings;
import com.companyos.pki.IdentityFiles;
import com.companyos.pki.SpiffeId;
import com.companyos.pki.TlsIdentity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;

/**
 * The agent's TLS identity: the same files the HTTPS connector serves with (see {@code agent.properties}). Refuses to
 * start when the certificate names another region, so an agent can never serve under a wrong identity.
 */
@Configuration(proxyBeanMethods = false)
class AgentIdentity {

    @Bean
    TlsIdentity agentTlsIdentity(AgentSettings settings,
                                 @Value("${companyos.agent.tls.certificate}") Path certificate,
                                 @Value("${companyos.agent.tls.private-key}") Path privateKey,
                                 @Value("${companyos.agent.tls.trusted}") Path trusted) {
        TlsIdentity identity = TlsIdentity.load(new IdentityFiles(certificate, privateKey, trusted));
        SpiffeId expected = settings.identity();
        if (!identity.spiffeId().equals(expected)) {
            throw new IllegalStateException("The certificate " + certificate + " is for " + identity.spiffeId()
                    + " but this agent serves " + expected);
        }
        return identity;
    }
}
