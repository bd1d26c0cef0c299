package com.companyos.dr.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code companyos.dr.outage.kubernetes.*}: how drills take a region down on Kubernetes (untested here).
 *
 * @param enabled         whether drills use the Kubernetes API (off: only the embedded default's local agents can be drilled)
 * @param apiUrl          the API server (in a pod: {@code https://kubernetes.default.svc})
 * @param namespace       the namespace of the agents' StatefulSets (empty: the pod's own, from the service account)
 * @param statefulSet     the StatefulSet of a region's agents; {@code {region}} is replaced by the region's id
 * @param serviceAccount  the folder of the pod's service account token, CA certificate and namespace
 * @param timeout         per API request
 */
@ConfigurationProperties("companyos.dr.outage.kubernetes")
record KubernetesOutageSettings(@DefaultValue("false") boolean enabled, @DefaultValue("https://kubernetes.default.svc") URI apiUrl,
                                @DefaultValue("") String namespace, @DefaultValue("companyos-agent-{region}") String statefulSet,
                                @DefaultValue("/var/run/secrets/kubernetes.io/serviceaccount") Path serviceAccount,
                                @DefaultValue("10s") Duration timeout) {
}
