package com.companyos.agentapi.data;

import java.time.LocalDate;

/**
 * A tenant application's write on the agent's data API. Classification and retention are required on every record:
 * retention is either an end date ({@code retentionUntil}) or a policy name ({@code retentionPolicy}).
 */
public record RecordWrite(String classification, LocalDate retentionUntil, String retentionPolicy, String data) {
}
