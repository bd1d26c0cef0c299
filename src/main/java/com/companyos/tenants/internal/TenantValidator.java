package com.companyos.tenants.internal;

import com.companyos.base.Classification;
import com.companyos.base.FailoverOperation;
import com.companyos.base.RegionId;
import com.companyos.base.RetentionPolicy;
import com.companyos.base.ValidationException;
import com.companyos.base.ValidationException.Problem;
import com.companyos.base.Zone;
import com.companyos.policy.EntityRef;
import com.companyos.policy.PolicyDecision;
import com.companyos.policy.PolicyQuery;
import com.companyos.policyadmin.PolicyService;
import com.companyos.regions.Region;
import com.companyos.regions.RegionRegistry;
import com.companyos.tenants.Contact;
import com.companyos.tenants.TenantRequest;
import com.companyos.tenants.Tenant;
import com.companyos.tenants.TenantSpec;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns a {@link TenantRequest} into a {@link TenantSpec}, or says, field by field, what is wrong. Region placement is
 * decided by policy (Cedar), never by this class: a denied placement carries the decision's ID and rationale, and the
 * message names the regions that would be allowed, without ever choosing one in another zone.
 */
@Component
public class TenantValidator {

    static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,38}[a-z0-9]$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final RegionRegistry regions;
    private final PolicyService policy;

    TenantValidator(RegionRegistry regions, PolicyService policy) {
        this.regions = regions;
        this.policy = policy;
    }

    /** Validates fields and placement; throws {@link ValidationException} with every problem found. */
    public Validated validate(TenantRequest r) {
        List<Problem> problems = new ArrayList<>();
        if (r == null) {
            throw new ValidationException(List.of(Problem.of("", "The request is empty")));
        }
        String name = trim(r.name());
        if (name == null || name.length() < 2 || name.length() > 120) {
            problems.add(Problem.of("name", "A name of 2 to 120 characters is required"));
        }
        String slug = trim(r.slug());
        if (slug == null || !SLUG.matcher(slug).matches()) {
            problems.add(Problem.of("slug", "The slug must be 3–40 characters: lower-case letters, digits and dashes, starting with a letter (e.g. acme-eu)"));
        }
        if (slug != null && slug.startsWith(Tenant.SYNTHETIC_PREFIX) && !com.companyos.base.Actor.current().equals(Tenant.SYNTHETIC_CREATOR)) {
            problems.add(Problem.of("slug", "Slugs starting with '" + Tenant.SYNTHETIC_PREFIX + "' are reserved for the platform's synthetic residency probe"));
        }
        List<Contact> contacts = r.contacts() == null ? List.of() : r.contacts();
        if (contacts.isEmpty()) {
            problems.add(Problem.of("contacts", "At least one contact (name and email) is required"));
        }
        for (int i = 0; i < contacts.size(); i++) {
            Contact c = contacts.get(i);
            if (c == null || trim(c.name()) == null || c.email() == null || !EMAIL.matcher(c.email().trim()).matches()) {
                problems.add(Problem.of("contacts[" + i + "]", "Each contact needs a name and a valid email address"));
            }
        }
        Zone zone = parse(problems, "residencyZone", r.residencyZone(), Zone::of,
                "The residency zone must be one of " + Arrays.toString(Zone.values()));
        RegionId primary = region(problems, "primaryRegion", r.primaryRegion());
        RegionId failover = region(problems, "failoverRegion", r.failoverRegion());
        if (primary != null && primary.equals(failover)) {
            problems.add(Problem.of("failoverRegion", "The failover region must differ from the primary region (" + primary + ")"));
        }
        Classification classification = parse(problems, "defaultClassification",
                r.defaultClassification() == null ? "internal" : r.defaultClassification(), Classification::of,
                "The default classification must be one of " + Classification.allowed());
        RetentionPolicy retention = parse(problems, "retentionPolicy", r.retentionPolicy() == null ? "7-years" : r.retentionPolicy(),
                RetentionPolicy::of, "The retention policy must be one of " + RetentionPolicy.allowed());
        Set<FailoverOperation> ops = EnumSet.noneOf(FailoverOperation.class);
        for (String op : r.failoverAllowedOperations() == null ? List.of("READ") : r.failoverAllowedOperations()) {
            FailoverOperation parsed = parse(problems, "failoverAllowedOperations", op, v -> FailoverOperation.valueOf(v.trim().toUpperCase()),
                    "Allowed operations during failover are " + Arrays.toString(FailoverOperation.values()));
            if (parsed != null) {
                ops.add(parsed);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        TenantSpec spec = new TenantSpec(name, slug, contacts.stream().map(c -> new Contact(c.name().trim(), c.email().trim().toLowerCase(),
                c.role() == null ? "" : c.role().trim())).toList(), zone, Boolean.TRUE.equals(r.residencyLocked()), primary, failover,
                ops, classification, retention, Boolean.TRUE.equals(r.dcpRequested()));
        return checkPlacement(spec);
    }

    /** Asks policy about both regions; the decisions are recorded whatever the outcome. */
    Validated checkPlacement(TenantSpec spec) {
        PolicyDecision primary = place(spec, "placePrimary", spec.primaryRegion());
        PolicyDecision failover = place(spec, "placeFailover", spec.failoverRegion());
        List<Problem> problems = new ArrayList<>();
        if (!primary.allowed()) {
            problems.add(new Problem("primaryRegion", denial(spec, spec.primaryRegion(), primary, true), primary.decisionId()));
        }
        if (!failover.allowed()) {
            problems.add(new Problem("failoverRegion", denial(spec, spec.failoverRegion(), failover, false), failover.decisionId()));
        }
        if (!problems.isEmpty()) {
            throw new PlacementDeniedException(problems, List.of(primary, failover));
        }
        return new Validated(spec, primary, failover);
    }

    private PolicyDecision place(TenantSpec spec, String action, RegionId regionId) {
        Region region = regions.get(regionId);
        return policy.decide(spec.channel(), new PolicyQuery(EntityRef.of("ControlPlane", "console"), action,
                new EntityRef("Region", region.id().value(), Map.of("zone", region.zone().name())),
                Map.of("tenant", spec.slug(), "tenantZone", spec.zone().name(), "residencyLocked", spec.residencyLocked() || spec.dcpRequested())));
    }

    private String denial(TenantSpec spec, RegionId denied, PolicyDecision d, boolean primary) {
        List<Region> inZone = regions.inZone(spec.zone());
        List<String> candidates = inZone.stream().map(r -> r.id().value())
                .filter(id -> primary || !id.equals(spec.primaryRegion().value())).toList();
        String where = (primary ? "primary" : "failover") + " region " + denied + " (zone " + regions.get(denied).zone() + ")";
        String hint;
        if (candidates.isEmpty()) {
            hint = primary ? " No region of zone " + spec.zone() + " is configured."
                    : " No standby is possible inside zone " + spec.zone() + ": its only region is " + spec.primaryRegion()
                    + ", the primary. The platform does not pick a region in another zone; lift the residency lock or add a second "
                    + spec.zone() + " region.";
        } else {
            hint = " Regions allowed in zone " + spec.zone() + ": " + String.join(", ", candidates) + ".";
        }
        return d.explanation() + " Refused: " + where + "." + hint + " [decision " + d.decisionId() + ", bundle " + d.bundleLabel() + "]";
    }

    private RegionId region(List<Problem> problems, String field, String value) {
        if (value == null || value.isBlank()) {
            problems.add(Problem.of(field, "A region is required"));
            return null;
        }
        try {
            RegionId id = RegionId.of(value.trim());
            if (regions.find(id).isEmpty()) {
                problems.add(Problem.of(field, "Unknown region '" + value.trim() + "'. Known regions: "
                        + regions.ids().stream().map(RegionId::value).collect(Collectors.joining(", "))));
                return null;
            }
            return id;
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(field, "Unknown region '" + value + "'. Known regions: "
                    + regions.ids().stream().map(RegionId::value).collect(Collectors.joining(", "))));
            return null;
        }
    }

    private static <T> T parse(List<Problem> problems, String field, String value, java.util.function.Function<String, T> parser, String message) {
        if (value == null || value.isBlank()) {
            problems.add(Problem.of(field, message));
            return null;
        }
        try {
            return parser.apply(value.trim());
        } catch (IllegalArgumentException e) {
            problems.add(Problem.of(field, message + " (got '" + value + "')"));
            return null;
        }
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A spec that passed validation, with the placement decisions that allowed it. */
    public record Validated(TenantSpec spec, PolicyDecision primaryDecision, PolicyDecision failoverDecision) {
    }

    /** Placement denied by policy; the decisions are attached. */
    public static class PlacementDeniedException extends ValidationException {
        private final List<PolicyDecision> decisions;

        PlacementDeniedException(List<Problem> problems, List<PolicyDecision> decisions) {
            super(problems);
            this.decisions = decisions;
        }

        public List<PolicyDecision> decisions() {
            return decisions;
        }
    }
}
