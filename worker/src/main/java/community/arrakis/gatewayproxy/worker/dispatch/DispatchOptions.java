package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.common.Backoff;
import java.time.Duration;

/**
 * How the dispatcher runs handlers; the same in worker and standalone mode.
 *
 * @param owner              this process's id in the event ledger (unique per running worker)
 * @param autoDeferMargin    an automatic defer is sent this long before the 3 s deadline
 * @param minimumWindow      an interaction with less than this left of its 3 s on arrival is expired
 * @param maxAttempts        handler tries for retryable failures, the first included
 * @param backoff            wait between tries
 * @param effectOnceRetention how long a finished event's id is remembered to drop duplicates
 * @param inProgressWait     how long to wait for another worker that runs the same guild event
 */
public record DispatchOptions(
        String owner,
        Duration autoDeferMargin,
        Duration minimumWindow,
        int maxAttempts,
        Backoff backoff,
        Duration effectOnceRetention,
        Duration inProgressWait) {

    public static final Duration DEFAULT_AUTO_DEFER_MARGIN = Duration.ofMillis(1000);
    public static final Duration DEFAULT_MINIMUM_WINDOW = Duration.ofMillis(250);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5),
            Backoff.Jitter.FULL);
    public static final Duration DEFAULT_EFFECT_ONCE_RETENTION = Duration.ofMinutes(15);
    public static final Duration DEFAULT_IN_PROGRESS_WAIT = Duration.ofSeconds(30);

    public DispatchOptions {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner (worker id) must not be blank");
        }
        if (autoDeferMargin.isNegative() || autoDeferMargin.compareTo(InteractionDeadline.FIRST_RESPONSE) >= 0) {
            throw new IllegalArgumentException("autoDeferMargin must be in [0, 3 s), was " + autoDeferMargin);
        }
        if (minimumWindow.isNegative() || minimumWindow.compareTo(InteractionDeadline.FIRST_RESPONSE) >= 0) {
            throw new IllegalArgumentException("minimumWindow must be in [0, 3 s), was " + minimumWindow);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
        if (effectOnceRetention.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("effectOnceRetention must be >= 1 s, was " + effectOnceRetention);
        }
    }

    public static DispatchOptions defaults(String owner) {
        return new DispatchOptions(owner, DEFAULT_AUTO_DEFER_MARGIN, DEFAULT_MINIMUM_WINDOW, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_BACKOFF, DEFAULT_EFFECT_ONCE_RETENTION, DEFAULT_IN_PROGRESS_WAIT);
    }
}
