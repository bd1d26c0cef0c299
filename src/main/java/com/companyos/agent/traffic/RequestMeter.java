package com.companyos.agent.traffic;

import com.companyos.agentapi.control.RequestStats;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Cumulative counters of the governed data API since this process started: requests answered, answered with 5xx, and
 * governed writes' latency in the fixed buckets of {@link RequestStats#BOUNDS_MILLIS}. Counted in memory (LongAdder: no
 * contention on the write path, no database round trip); a restart starts them again at zero under a new epoch, which
 * the console's sampler treats as a counter reset.
 */
@Component
public class RequestMeter {

    private final Clock clock;
    private final RequestCounters counters;

    RequestMeter(Clock clock) {
        this.clock = clock;
        this.counters = new RequestCounters(clock.instant());
    }

    /** One governed request answered with {@code status}; a write's latency is counted when it was not a 5xx. */
    public void answered(int status, boolean write, long nanos) {
        counters.answered(status, write, nanos);
    }

    public RequestStats snapshot() {
        return counters.snapshot(clock.instant());
    }
}
