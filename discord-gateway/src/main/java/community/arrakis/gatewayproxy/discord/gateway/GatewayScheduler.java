package community.arrakis.gatewayproxy.discord.gateway;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a shard's timers (heartbeats, reconnect delays, HELLO timeout). A seam so tests can drive
 * time by hand instead of sleeping.
 */
public interface GatewayScheduler {

    /** A scheduled task that can be cancelled. */
    interface Task {
        void cancel();
    }

    Task schedule(Duration delay, Runnable task);

    Task scheduleAtFixedRate(Duration firstDelay, Duration period, Runnable task);

    /** Adapts an executor (which the caller owns and shuts down). */
    static GatewayScheduler of(ScheduledExecutorService executor) {
        return new GatewayScheduler() {
            @Override
            public Task schedule(Duration delay, Runnable task) {
                var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public Task scheduleAtFixedRate(Duration firstDelay, Duration period, Runnable task) {
                var future = executor.scheduleAtFixedRate(task, firstDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            }
        };
    }

    /**
     * A process-wide scheduler on two daemon threads, used by shards built without one. The tasks
     * are tiny (take a lock, queue a frame), so two threads serve hundreds of shards.
     */
    static GatewayScheduler shared() {
        return SharedHolder.INSTANCE;
    }

    /** Lazily created so a process that never opens a shard starts no threads. */
    final class SharedHolder {
        private static final GatewayScheduler INSTANCE;

        static {
            AtomicInteger n = new AtomicInteger();
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, r -> {
                Thread t = new Thread(r, "arrakis-gateway-timer-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            INSTANCE = of(executor);
        }

        private SharedHolder() {
        }
    }
}
