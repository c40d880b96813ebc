package community.arrakis.gatewayproxy.worker.dispatch;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The one platform thread that runs a worker's timers: automatic defers, heartbeats, probes.
 *
 * <p>Every interaction schedules its automatic defer and, answered in time as nearly all are,
 * cancels it. A cancelled task is removed from the timer queue at once here: left in it (the JDK's
 * default), each one woke the timer thread at its would-be time, only to be thrown away, one
 * thread switch per interaction (docs/benchmarks.md, "Worker CPU (issue 14)").
 */
public final class TimerThread {

    private TimerThread() {
    }

    /** A single daemon thread named {@code name}; cancelled tasks leave its queue when cancelled. */
    public static ScheduledExecutorService start(String name) {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name(name).factory());
        timers.setRemoveOnCancelPolicy(true);
        return timers;
    }
}
