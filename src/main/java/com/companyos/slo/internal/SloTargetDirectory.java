package com.companyos.slo.internal;

import com.companyos.slo.SloTarget;
import com.companyos.slo.SloTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every {@link SloTargets} bean's targets, by key (a duplicate key is skipped with a warning: keys must be unique). */
@Component
public class SloTargetDirectory {

    private static final Logger log = LoggerFactory.getLogger(SloTargetDirectory.class);

    private final ObjectProvider<SloTargets> sources;

    SloTargetDirectory(ObjectProvider<SloTargets> sources) {
        this.sources = sources;
    }

    public List<SloTarget> all() {
        Map<String, SloTarget> byKey = new LinkedHashMap<>();
        sources.orderedStream().forEach(source -> {
            for (SloTarget t : source.targets()) {
                if (byKey.putIfAbsent(t.key(), t) != null) {
                    log.warn("Two SLO target sources name {}; the second ({}) is ignored", t.key(), source.getClass().getSimpleName());
                }
            }
        });
        return new ArrayList<>(byKey.values());
    }

    public Optional<SloTarget> find(String key) {
        return all().stream().filter(t -> t.key().equals(key)).findFirst();
    }
}
