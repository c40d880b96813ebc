package community.arrakis.gatewayproxy.discord.gateway;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * {@link IdentifyLimiter} for the shards of one process: {@code max_concurrency} buckets, each
 * letting one IDENTIFY through per 5 s, in the order shards asked (fair locks).
 *
 * <p>Worked example with {@code max_concurrency = 2}: shards 0 and 1 (buckets 0 and 1) identify at
 * t=0; shard 2 (bucket 0) waits until t=5 s, shard 3 (bucket 1) until t=5 s, shard 4 (bucket 0)
 * until t=10 s. A slot is taken when {@code acquire} returns, so the time spent connecting
 * afterwards only adds spacing, never removes it.
 */
public final class InMemoryIdentifyLimiter implements IdentifyLimiter {

    /** Discord's spacing between identifies of one bucket. */
    public static final Duration IDENTIFY_INTERVAL = Duration.ofSeconds(5);

    private static final InMemoryIdentifyLimiter SHARED = new InMemoryIdentifyLimiter(1);

    /** Nanosecond sleeper, injectable so tests can run the limiter on a fake clock. */
    public interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final int maxConcurrency;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final ReentrantLock[] locks;
    private final long[] nextAllowed;
    private final boolean[] used;

    public InMemoryIdentifyLimiter(int maxConcurrency) {
        this(maxConcurrency, IDENTIFY_INTERVAL, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    public InMemoryIdentifyLimiter(int maxConcurrency, Duration interval, LongSupplier nanoTime, Sleeper sleeper) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max_concurrency must be at least 1, was " + maxConcurrency);
        }
        this.maxConcurrency = maxConcurrency;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.locks = new ReentrantLock[maxConcurrency];
        this.nextAllowed = new long[maxConcurrency];
        this.used = new boolean[maxConcurrency];
        for (int i = 0; i < maxConcurrency; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    /**
     * The process-wide limiter with {@code max_concurrency = 1}, used by shards built without one,
     * so that several such shards in one JVM still respect Discord's spacing.
     */
    public static InMemoryIdentifyLimiter shared() {
        return SHARED;
    }

    public int maxConcurrency() {
        return maxConcurrency;
    }

    @Override
    public void acquire(int shardId) throws InterruptedException {
        int bucket = Math.floorMod(shardId, maxConcurrency);
        ReentrantLock lock = locks[bucket];
        lock.lockInterruptibly();
        try {
            if (used[bucket]) {
                long wait = nextAllowed[bucket] - nanoTime.getAsLong();
                if (wait > 0) {
                    sleeper.sleepNanos(wait);
                }
            }
            used[bucket] = true;
            nextAllowed[bucket] = nanoTime.getAsLong() + intervalNanos;
        } finally {
            lock.unlock();
        }
    }
}
