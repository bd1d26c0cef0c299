package com.companyos.tenants.ui;

import com.companyos.tenants.Contact;
import com.companyos.tenants.TenantRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What the wizard collects, step by step; becomes a {@link TenantRequest}. */
final class TenantForm {
    String name = "";
    String slug = "";
    final List<Contact> contacts = new ArrayList<>(List.of(new Contact("", "", "Security officer")));
    String zone = "EU";
    boolean locked = true;
    boolean dcp;
    String primary;
    String failover;
    Set<String> failoverOps = new TreeSet<>(Set.of("READ"));
    String classification = "internal";
    String retention = "7-years";
    String reason = "";

    TenantRequest toRequest() {
        return new TenantRequest(name, slug, contacts.stream().filter(c -> !c.name().isBlank() || !c.email().isBlank()).toList(),
                zone, locked, primary, failover, List.copyOf(failoverOps), classification, retention, dcp, reason);
    }

    static String slugOf(String name) {
        String s = name.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (!s.isEmpty() && !Character.isLetter(s.charAt(0))) {
            s = "t-" + s;
        }
        return s.length() > 40 ? s.substring(0, 40).replaceAll("-+$", "") : s;
    }
}
