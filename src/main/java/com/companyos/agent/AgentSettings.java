package com.companyos.agent;

import com.companyos.base.RegionId;
import com.companyos.base.Zone;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The agent's own settings ({@code companyos.agent.*}).
 *
 * @param region    the region this agent serves ({@code --region=eu-west})
 * @param zone      the residency zone of that region
 * @param parentPid when launched by a local console (embedded default): the console's pid; the agent exits when that
 *                  process is gone, so no agent outlives its console. 0 when deployed on its own.
 */
@ConfigurationProperties("companyos.agent")
public record AgentSettings(RegionId region, Zone zone, @DefaultValue("0") long parentPid) {

    public AgentSettings {
        if (region == null || zone == null) {
            throw new IllegalArgumentException(
                    "An agent needs --region=<id> and companyos.agent.zone (EU, US or APAC); got region=" + region + ", zone=" + zone);
        }
    }
}
