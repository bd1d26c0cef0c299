package com.companyos.policy;

import java.util.Map;

/**
 * A Cedar entity in a question: its type inside the {@code CompanyOS} namespace (e.g. {@code Region}), its id, and
 * the attributes policies may read. Attribute values are String, Boolean, Long/Integer, or collections of those.
 */
public record EntityRef(String type, String id, Map<String, Object> attributes) {

    public EntityRef {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static EntityRef of(String type, String id) {
        return new EntityRef(type, id, Map.of());
    }

    /** {@code CompanyOS::Region::"eu-west"} */
    public String uid() {
        return "CompanyOS::" + type + "::\"" + id + "\"";
    }
}
