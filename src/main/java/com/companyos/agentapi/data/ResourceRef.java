package com.companyos.agentapi.data;

/**
 * One thing that exists for a tenant in a store: {@code store} is REGIONAL_DB, SEARCH_INDEX or OBJECT_STORE;
 * {@code id} is its name there, prefixed by the region (e.g. {@code eu-west/companyos_agent/t_…}).
 */
public record ResourceRef(String store, String kind, String id) {
}
