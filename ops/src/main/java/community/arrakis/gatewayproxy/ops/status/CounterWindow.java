package community.arrakis.gatewayproxy.ops.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How much a counter (a total that only grows) grew lately, for rates on the status page, from
 * samples taken whenever the page asks: no thread of its own, nothing to stop.
 *
 * <p>It keeps the samples of the last {@code window}, plus the newest one older than that, which
 * is the base the increase is measured from. Worked example, window 60 s, the page refreshed every
 * 5 s from t = 0 s (total 0): at t = 30 s the base is t = 0 and the increase spans 30 s; at
 * t = 90 s (total 900, and 300 at t = 30 s) the base is the sample of t = 30 s, so the rate is
 * (900 - 300) / 60 s = 10/s. A page opened after nobody looked for ten minutes measures over those
 * ten minutes until the samples catch up, and {@link Increase#over()} says so. Samples closer than
 * a sixtieth of the window to the previous one are not kept, so many viewers keep at most ~60.
 */
public final class CounterWindow {

    private record Sample(Instant at, double total) {
    }

    /** The growth over a span; {@link #over()} is zero on the very first sample. */
    public record Increase(double amount, Duration over) {
        public double perSecond() {
            return over.isZero() ? 0 : amount * 1000.0 / over.toMillis();
        }
    }

    private final Duration window;
    private final Duration spacing;
    private final Clock clock;
    private final Deque<Sample> samples = new ArrayDeque<>();

    /** @param startTotal the counter's total now (0 for a counter created with the process) */
    public CounterWindow(Duration window, Clock clock, double startTotal) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.window = window;
        this.spacing = window.dividedBy(60);
        this.clock = clock;
        samples.add(new Sample(clock.instant(), startTotal));
    }

    /** Takes a sample of {@code total} now and returns the increase since the base sample. */
    public synchronized Increase observe(double total) {
        Instant now = clock.instant();
        if (Duration.between(samples.getLast().at(), now).compareTo(spacing) >= 0) {
            samples.addLast(new Sample(now, total));
        }
        Instant horizon = now.minus(window);
        while (samples.size() >= 2 && !secondOldest().at().isAfter(horizon)) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        Duration over = Duration.between(base.at(), now);
        return new Increase(Math.max(0, total - base.total()), over.isNegative() ? Duration.ZERO : over);
    }

    private Sample secondOldest() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
