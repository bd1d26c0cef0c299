package com.companyos.agentapi.control;

/** An export or egress destination registered in a region: its name, residency zone and kind ({@code file}, {@code https}). */
public record DestinationInfo(String name, String zone, String kind) {
}
