package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.ops.Sleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries one start-up step (reaching RabbitMQ, reaching Redis) while it fails and the time given
 * for start-up lasts: in a fresh deployment the broker may still be starting when the ingestor
 * does, and failing at once would only get the ingestor restarted in a loop. Every failed attempt
 * is one log line saying what failed, why, and when the next attempt is.
 *
 * <p>The delay is a pure function of the attempt number ({@link #BACKOFF}, no jitter: one process
 * retrying, every wait logged): 0.5 s, 1 s, 2 s, 4 s, then 5 s each time. With the default 60 s
 * that is about fifteen attempts; the last failure is rethrown.
 */
final class StartupRetry {

    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), Backoff.Jitter.NONE);
    private static final Logger log = LoggerFactory.getLogger(StartupRetry.class);

    /** One attempt at the step; an exception means "not yet". */
    @FunctionalInterface
    interface Step<T> {
        T attempt() throws Exception;
    }

    /** Told about each failed attempt (tests count them). */
    @FunctionalInterface
    interface AttemptListener {
        void failed(String what, int attempt);

        AttemptListener NONE = (what, attempt) -> { };
    }

    private StartupRetry() {
    }

    /** How long to wait after failed attempt {@code attempt} (1-based). */
    static Duration delay(int attempt) {
        return BACKOFF.ceiling(attempt);
    }

    /**
     * Runs {@code step} until it succeeds, fails in a way that {@code retryable} says waiting will
     * not mend (a topology that contradicts the broker's), or {@code timeout} has passed.
     *
     * @param what names the step in log lines, e.g. {@code "RabbitMQ at amqp://guest:***@rabbit:5672"}
     * @throws IOException naming the step and the last failure, once the time is up (interrupts are restored)
     */
    static <T> T untilReady(String what, Duration timeout, Step<T> step, Predicate<Exception> retryable,
                            AttemptListener listener) throws IOException {
        return untilReady(what, timeout, step, retryable, listener, System::nanoTime, Sleeper.SYSTEM);
    }

    /**
     * As {@link #untilReady(String, Duration, Step, Predicate, AttemptListener)}, on the given time:
     * {@code nanoTime} measures the timeout, {@code sleeper} waits between attempts.
     */
    static <T> T untilReady(String what, Duration timeout, Step<T> step, Predicate<Exception> retryable,
                            AttemptListener listener, LongSupplier nanoTime, Sleeper sleeper) throws IOException {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                T result = step.attempt();
                if (attempt > 1) {
                    log.info("{} is reachable (attempt {})", what, attempt);
                }
                return result;
            } catch (Exception e) {
                listener.failed(what, attempt);
                Duration wait = delay(attempt);
                long left = deadline - nanoTime.getAsLong();
                if (left <= 0 || !retryable.test(e) || Thread.currentThread().isInterrupted()) {
                    throw new IOException(what + ": " + describe(e) + " (gave up after " + attempt + " attempt"
                            + (attempt == 1 ? "" : "s") + ")", e);
                }
                wait = Duration.ofNanos(Math.min(wait.toNanos(), left));
                log.warn("{} not reachable at start ({}); attempt {}, retrying in {} ms, giving up {} s after start",
                        what, describe(e), attempt, wait.toMillis(), timeout.toSeconds());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException(what + ": interrupted while waiting to retry", interrupted);
                }
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
