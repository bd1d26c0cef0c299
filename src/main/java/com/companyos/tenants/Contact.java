package com.companyos.tenants;

/** A person to contact about the tenant (e.g. its security or data-protection officer). */
public record Contact(String name, String email, String role) {
}
