package com.companyos.regions;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds the regions module's settings. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RegionSettings.class, LocalAgentSettings.class})
class RegionsConfiguration {
}
