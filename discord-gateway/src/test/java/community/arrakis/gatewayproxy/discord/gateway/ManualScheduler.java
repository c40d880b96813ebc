package community.arrakis.gatewayproxy.discord.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link GatewayScheduler} whose time moves only when a test calls {@link #advance}. */
final class ManualScheduler implements GatewayScheduler {

    private final class Entry implements Task {
        long due;
        final long period;
        final Runnable task;
        boolean cancelled;

        Entry(long due, long period, Runnable task) {
            this.due = due;
            this.period = period;
            this.task = task;
        }

        @Override
        public void cancel() {
            synchronized (ManualScheduler.this) {
                cancelled = true;
            }
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long now;

    @Override
    public synchronized Task schedule(Duration delay, Runnable task) {
        Entry e = new Entry(now + delay.toNanos(), 0, task);
        entries.add(e);
        return e;
    }

    @Override
    public synchronized Task scheduleAtFixedRate(Duration firstDelay, Duration period, Runnable task) {
        Entry e = new Entry(now + firstDelay.toNanos(), period.toNanos(), task);
        entries.add(e);
        return e;
    }

    /** Moves time forward, running every task that falls due, in due order, on the calling thread. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Entry next;
            synchronized (this) {
                next = entries.stream().filter(e -> !e.cancelled && e.due <= target)
                        .min(Comparator.comparingLong(e -> e.due)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                now = next.due;
                if (next.period > 0) {
                    next.due += next.period;
                } else {
                    next.cancelled = true;
                }
            }
            next.task.run();
        }
    }

    /** Runs what is due now (zero-delay tasks). */
    void runDue() {
        advance(Duration.ZERO);
    }
}
