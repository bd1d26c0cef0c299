/**
 * The agent's own measurements of its governed data API (cumulative request counters and a write-latency histogram,
 * which the console's SLOs are computed from) and the faults it injects into that API for drills and tests.
 */
package com.companyos.agent.traffic;
