package community.arrakis.gatewayproxy.worker.dispatch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs submitted work on at most {@code concurrency} virtual threads, with two rules:
 * <ol>
 *   <li><b>Interactions first.</b> Whenever a slot frees up, a waiting interaction takes it before
 *       any guild event: interactions have a 3 s clock, guild events do not.</li>
 *   <li><b>One guild, one at a time, in order.</b> Each guild has a lane (a FIFO). A lane runs at
 *       most one task at a time; when it finishes, the lane's next task queues up again behind the
 *       other ready lanes. Different guilds run in parallel.</li>
 * </ol>
 *
 * <p>Worked example, concurrency 2: guild events A1, A2, B1 arrive, then interaction I.
 * A1 and B1 start (A2 waits behind A1 in lane A: same guild). I arrives while both slots are busy
 * and waits in the interaction queue. B1 finishes: the free slot goes to I, not to A2, although
 * A2 arrived first. A1 finishes: A2 starts. Order within guild A (A1 before A2) always holds.
 *
 * <p>The queues are unbounded: callers bound the work themselves (the AMQP prefetch in worker
 * mode); in standalone mode the gateway thread must never block, so the backlog can grow and is
 * reported by {@link #queued()}.
 */
public final class LaneScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LaneScheduler.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final Condition idle = lock.newCondition();
    private final ArrayDeque<Runnable> interactions = new ArrayDeque<>();
    private final ArrayDeque<Lane> readyLanes = new ArrayDeque<>();
    private final Map<String, Lane> lanes = new HashMap<>();
    private final Thread[] runners;
    private int queued;
    private int running;
    private boolean closed;

    private static final class Lane {
        final String key;
        final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
        boolean busy;

        Lane(String key) {
            this.key = key;
        }
    }

    private record Task(Runnable work, Lane lane) {
    }

    public LaneScheduler(int concurrency, String name) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, was " + concurrency);
        }
        runners = new Thread[concurrency];
        for (int i = 0; i < concurrency; i++) {
            runners[i] = Thread.ofVirtual().name(name + "-" + i).start(this::runLoop);
        }
    }

    /** Queues an interaction; it runs ahead of every waiting guild event. */
    public void submitInteraction(Runnable work) {
        lock.lock();
        try {
            requireOpen();
            interactions.add(work);
            queued++;
            workAvailable.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a guild event behind the earlier events of the same {@code laneKey} (the guild id;
     * events without a guild share one lane).
     */
    public void submitOrdered(String laneKey, Runnable work) {
        String key = laneKey == null ? "" : laneKey;
        lock.lock();
        try {
            requireOpen();
            Lane lane = lanes.computeIfAbsent(key, Lane::new);
            lane.tasks.add(work);
            queued++;
            if (!lane.busy && lane.tasks.size() == 1) {
                readyLanes.add(lane);
                workAvailable.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes every task that has not started out of the scheduler (a graceful stop gives them back to
     * the queue instead of running them); running tasks go on. Interactions first, then each lane's
     * tasks in order.
     */
    public List<Runnable> removeQueued() {
        lock.lock();
        try {
            List<Runnable> removed = new ArrayList<>(interactions);
            interactions.clear();
            for (Lane lane : lanes.values()) {
                removed.addAll(lane.tasks);
                lane.tasks.clear();
            }
            readyLanes.clear();
            lanes.values().removeIf(lane -> !lane.busy);
            queued = 0;
            if (running == 0) {
                idle.signalAll();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting for a slot. */
    public int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Tasks running now. */
    public int running() {
        lock.lock();
        try {
            return running;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is queued or running; false when the timeout passed first. */
    public boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queued > 0 || running > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = idle.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void runLoop() {
        while (true) {
            Task task;
            try {
                task = next();
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                return;
            }
            try {
                task.work().run();
            } catch (Throwable t) {
                // the work reports its own failures; this only keeps the runner alive
                LOG.error("scheduled task failed", t);
            } finally {
                finished(task);
            }
        }
    }

    private Task next() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (!interactions.isEmpty()) {
                    queued--;
                    running++;
                    return new Task(interactions.poll(), null);
                }
                if (!readyLanes.isEmpty()) {
                    Lane lane = readyLanes.poll();
                    lane.busy = true;
                    queued--;
                    running++;
                    return new Task(lane.tasks.poll(), lane);
                }
                if (closed) {
                    return null;
                }
                workAvailable.await();
            }
        } finally {
            lock.unlock();
        }
    }

    private void finished(Task task) {
        lock.lock();
        try {
            running--;
            Lane lane = task.lane();
            if (lane != null) {
                lane.busy = false;
                if (lane.tasks.isEmpty()) {
                    lanes.remove(lane.key);
                } else {
                    readyLanes.add(lane);
                    workAvailable.signal();
                }
            }
            if (queued == 0 && running == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("scheduler is closed");
        }
    }

    /** Stops taking work; runners finish what is queued, then end. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
