package community.arrakis.gatewayproxy.discord.gateway.session;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before reconnect attempt {@code n}: exponential from {@code base}, capped, with
 * "equal jitter" so that many shards dropped by the same outage do not come back in lockstep.
 *
 * <p>Worked example with base 1 s, cap 60 s: attempt 1 waits 0.5–1 s, attempt 2 1–2 s, attempt 3
 * 2–4 s, ..., attempt 7 and later 30–60 s. Attempt 0 (or less) waits nothing; whether an attempt
 * may go without delay at all (the first resume) is the state machine's decision, not this one's.
 *
 * @param base   the un-jittered delay of attempt 1
 * @param cap    the longest delay ever returned
 * @param jitter uniform random numbers in [0, 1)
 */
public record Backoff(Duration base, Duration cap, DoubleSupplier jitter) {

    public static final Duration DEFAULT_BASE = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(60);

    public Backoff {
        Objects.requireNonNull(jitter, "jitter");
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be positive, was " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap must be at least the base (" + base + "), was " + cap);
        }
    }

    public static Backoff defaults(DoubleSupplier jitter) {
        return new Backoff(DEFAULT_BASE, DEFAULT_CAP, jitter);
    }

    public Duration delay(int attempt) {
        if (attempt <= 0) {
            return Duration.ZERO;
        }
        long capMillis = cap.toMillis();
        // 2^(attempt-1) overflows quickly; beyond 2^30 the cap has long been reached
        long exponential = attempt > 31 ? capMillis : Math.min(capMillis, base.toMillis() << (attempt - 1));
        if (exponential < 0) {
            exponential = capMillis;
        }
        double factor = 0.5 + 0.5 * jitter.getAsDouble();
        return Duration.ofMillis(Math.min(capMillis, Math.round(exponential * factor)));
    }
}
