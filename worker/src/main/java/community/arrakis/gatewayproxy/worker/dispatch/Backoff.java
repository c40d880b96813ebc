package community.arrakis.gatewayproxy.worker.dispatch;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before retry number {@code attempt} (1 = the first retry): exponential with a
 * cap and "full jitter", i.e. uniform in [0, min(cap, base·2^(attempt−1))]. With base 200 ms and
 * cap 5 s: retry 1 waits up to 200 ms, retry 2 up to 400 ms, retry 3 up to 800 ms, ... never more
 * than 5 s. Jitter keeps workers that failed together from retrying together.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("backoff base must be > 0, was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff cap must be >= base (" + base + "), was " + cap);
        }
    }

    /** The upper bound for the retry; pure. */
    public Duration ceiling(int attempt) {
        int shift = Math.min(Math.max(attempt, 1) - 1, 30);
        long millis = base.toMillis() << shift;
        return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
    }

    /** @param random uniform in [0, 1) */
    public Duration delay(int attempt, DoubleSupplier random) {
        return Duration.ofMillis((long) (ceiling(attempt).toMillis() * random.getAsDouble()));
    }
}
