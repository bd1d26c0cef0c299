package com.companyos.agentapi.control;

import java.time.Instant;
import java.util.Map;

/**
 * A region data port's traffic as its router sees it: the release its own process runs, the split in force (without
 * its key), and per lane ({@code stable}, {@code canary}) the cumulative counters of the requests it sent there —
 * both lanes measured at one place, concurrently, which is what canary analysis compares.
 *
 * @param release         the release this process runs
 * @param split           the split in force, or null (everything served here)
 * @param served          per lane, what was sent there since {@code split} was set (counters restart with each split
 *                        revision, under a new epoch). On these lanes every governed request is timed, reads
 *                        too, so {@code writes} and the latency histogram count all requests not answered 5xx
 * @param forwardFailures requests meant for the canary that could not reach it (served here instead, counted as canary
 *                        5xx: a canary that cannot be reached is failing)
 * @param time            when this was read
 */
public record TrafficState(String release, TrafficSplit split, Map<String, RequestStats> served, long forwardFailures, Instant time) {
}
