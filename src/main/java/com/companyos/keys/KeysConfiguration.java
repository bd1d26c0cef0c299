package com.companyos.keys;

import com.companyos.pki.PkiSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code companyos.pki.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PkiSettings.class)
class KeysConfiguration {
}
