package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.ops.Sleeper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Time that passes only when the code under test waits: each wait is recorded and moves the clock on at once. */
final class SteppedTime {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    LongSupplier nanoTime() {
        return nanos::get;
    }

    Sleeper sleeper() {
        return duration -> {
            waits.add(duration);
            nanos.addAndGet(duration.toNanos());
        };
    }

    /** Every wait so far, in order. */
    List<Duration> waits() {
        return List.copyOf(waits);
    }
}
