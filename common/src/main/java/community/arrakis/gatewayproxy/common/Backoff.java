package community.arrakis.gatewayproxy.common;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before attempt {@code n} of something that failed: exponential from {@code base},
 * capped, with jitter so that the many clients one outage failed together do not come back
 * together. A pure function of the attempt number and a random number the caller passes in; when
 * to try again and whether to try at all are the caller's decisions.
 *
 * <p>Worked example, base 1 s and cap 60 s:
 * <pre>
 * attempt   ceiling   EQUAL jitter   FULL jitter   NONE
 * 0 (or less)  0         0              0           0
 * 1          1 s       0.5–1 s        0–1 s        1 s
 * 2          2 s       1–2 s          0–2 s        2 s
 * 3          4 s       2–4 s          0–4 s        4 s
 * 7 and on  60 s      30–60 s         0–60 s      60 s
 * </pre>
 * {@link Jitter#EQUAL} keeps a floor of half the ceiling (gateway reconnects and REST retries: never
 * straight back at a server that just failed); {@link Jitter#FULL} spreads the most (handler retries
 * of many workers at once); {@link Jitter#NONE} suits one client whose every wait is logged
 * (retries at start-up).
 *
 * @param base   the ceiling of attempt 1
 * @param cap    the longest delay ever returned
 * @param jitter how the delay is drawn below the ceiling
 */
public record Backoff(Duration base, Duration cap, Jitter jitter) {

    /** How a delay is drawn from {@code [0, ceiling]}, with r uniform in [0, 1). */
    public enum Jitter {
        /** The ceiling itself. */
        NONE,
        /** ceiling × (1 + r) / 2: between half the ceiling and the ceiling. */
        EQUAL,
        /** ceiling × r: anywhere below the ceiling. */
        FULL
    }

    public Backoff {
        Objects.requireNonNull(jitter, "jitter");
        if (base == null || base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be a positive duration, was " + base);
        }
        if (cap == null || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap must be at least the base (" + base + "), was " + cap);
        }
    }

    /** The longest wait before {@code attempt} (1-based): min(cap, base·2^(attempt−1)); zero before attempt 1. */
    public Duration ceiling(int attempt) {
        if (attempt < 1) {
            return Duration.ZERO;
        }
        long capMillis = cap.toMillis();
        // base·2^(attempt−1) overflows quickly; long before 2^30 the cap is reached
        long millis = attempt > 31 ? capMillis : base.toMillis() << (attempt - 1);
        return Duration.ofMillis(millis <= 0 || millis > capMillis ? capMillis : millis);
    }

    /**
     * The wait before {@code attempt} (1-based); zero before attempt 1.
     *
     * @param random uniform in [0, 1); unused with {@link Jitter#NONE}
     */
    public Duration delay(int attempt, DoubleSupplier random) {
        long ceiling = ceiling(attempt).toMillis();
        double factor = switch (jitter) {
            case NONE -> 1.0;
            case EQUAL -> 0.5 + 0.5 * random.getAsDouble();
            case FULL -> random.getAsDouble();
        };
        return Duration.ofMillis(Math.min(ceiling, Math.round(ceiling * factor)));
    }
}
