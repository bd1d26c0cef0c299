package com.companyos.regions;

import com.companyos.base.RegionId;
import com.companyos.base.Zone;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured regions, validated once at start: known zone, an {@code https} agent URL. */
@Component
public class RegionRegistry {

    private final Map<RegionId, Region> regions;

    RegionRegistry(RegionSettings settings) {
        Map<RegionId, Region> byId = new TreeMap<>();
        settings.endpoints().forEach((id, endpoint) -> {
            RegionId regionId = RegionId.of(id);
            if (endpoint.zone() == null) {
                throw new IllegalStateException("Region " + id + " has no zone (companyos.regions.endpoints." + id + ".zone)");
            }
            if (endpoint.url() == null || !"https".equals(endpoint.url().getScheme())) {
                throw new IllegalStateException("Region " + id + " needs an https:// agent URL; got " + endpoint.url()
                        + ". Agents are reached over mutual TLS only.");
            }
            URI dataUrl = endpoint.dataUrl() != null ? endpoint.dataUrl() : URI.create("https://" + endpoint.url().getHost()
                    + ":" + (endpoint.url().getPort() + 100));
            if (!"https".equals(dataUrl.getScheme())) {
                throw new IllegalStateException("Region " + id + " needs an https:// data URL; got " + dataUrl);
            }
            byId.put(regionId, new Region(regionId, endpoint.zone(), endpoint.url(), dataUrl));
        });
        this.regions = Map.copyOf(byId);
    }

    public List<Region> all() {
        return regions.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    }

    public Optional<Region> find(RegionId id) {
        return Optional.ofNullable(regions.get(id));
    }

    public Region get(RegionId id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("Unknown region '" + id + "'. Known regions: "
                + regions.keySet().stream().sorted().toList()));
    }

    public List<Region> inZone(Zone zone) {
        return all().stream().filter(r -> r.zone() == zone).toList();
    }

    public Collection<RegionId> ids() {
        return all().stream().map(Region::id).toList();
    }
}
