package community.arrakis.gatewayproxy.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulator's notion of now: a base clock plus an offset that tests and the control API can
 * advance, so deadlines (3 s to answer, 15 min of follow-ups) are tested without waiting.
 */
public final class SimulatorClock extends Clock {
    private final Clock base;
    private final AtomicLong offsetMillis;

    public SimulatorClock(Clock base) {
        this(base, new AtomicLong());
    }

    private SimulatorClock(Clock base, AtomicLong offsetMillis) {
        this.base = base;
        this.offsetMillis = offsetMillis;
    }

    public void advance(Duration duration) {
        offsetMillis.addAndGet(duration.toMillis());
    }

    public Duration offset() {
        return Duration.ofMillis(offsetMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }
}
