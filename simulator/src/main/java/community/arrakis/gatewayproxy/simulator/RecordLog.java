package community.arrakis.gatewayproxy.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An append-only, thread-safe record of what happened, with waiting helpers so tests block on a
 * monitor until the expected entry arrives instead of polling with sleeps.
 */
public sealed class RecordLog<T> permits RequestLog, DispatchLog {
    private final List<T> entries = new ArrayList<>();

    RecordLog() {
    }

    public final synchronized void add(T entry) {
        entries.add(entry);
        notifyAll();
    }

    public final synchronized List<T> all() {
        return List.copyOf(entries);
    }

    public final synchronized List<T> filter(Predicate<? super T> predicate) {
        return entries.stream().filter(predicate).toList();
    }

    public final synchronized int size() {
        return entries.size();
    }

    public final synchronized void clear() {
        entries.clear();
    }

    /** Waits for the first entry matching {@code predicate}, including ones already recorded. */
    public final T await(Predicate<? super T> predicate, Duration timeout) {
        return awaitCount(predicate, 1, timeout).get(0);
    }

    /** Waits until at least {@code count} entries match, and returns them in order. */
    public final synchronized List<T> awaitCount(Predicate<? super T> predicate, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> matching = filter(predicate);
            if (matching.size() >= count) {
                return matching;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new IllegalStateException(new TimeoutException("waited " + timeout + " for " + count
                        + " matching entries, found " + matching.size()));
            }
            try {
                wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting", e);
            }
        }
    }
}
