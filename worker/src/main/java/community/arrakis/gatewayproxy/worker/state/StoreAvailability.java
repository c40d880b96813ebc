package community.arrakis.gatewayproxy.worker.state;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the state store (Redis) can be used, as a two-state machine that the worker's consumers
 * follow:
 *
 * <pre>
 * Available ──failed(cause)──▶ Unavailable(since, reason)     one WARN; listeners pause consumption;
 *                                                             a probe runs every {@code probeEvery}
 * Unavailable ──probe answers──▶ Available                    one INFO with the outage's length;
 *                                                             listeners resume; waiters wake
 * </pre>
 *
 * Any caller that meets a {@link StateUnavailableException} reports it with {@link #failed}; only
 * the first report of an outage changes anything. The probe is a write, not a PING: a restarted
 * Redis answers PING while still loading its data, and a replica answers it during a failover while
 * refusing writes. With a probe every 100 ms and the connection's reconnect delay capped at 400 ms,
 * consumption resumes well within a second of Redis taking writes again.
 */
public final class StoreAvailability {

    /** The state; see the class comment. */
    public sealed interface State {
        record Available() implements State {
        }

        record Unavailable(Instant since, String reason) implements State {
        }
    }

    /** Told of each change, on the thread that made it; must not block for long. */
    public interface Listener {
        void unavailable(String reason);

        void available();
    }

    private static final Logger LOG = LoggerFactory.getLogger(StoreAvailability.class);
    private static final State AVAILABLE = new State.Available();

    private final String name;
    private final BooleanSupplier probe;
    private final ScheduledExecutorService timers;
    private final Duration probeEvery;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition becameAvailable = lock.newCondition();
    /**
     * Held across a change and its announcement to the listeners, so that listeners hear the
     * changes in the order they happened: an outage reported while the end of the previous one is
     * being announced must not be announced first, or a consumer told "available" last would
     * consume while the store is down. Not {@link #lock}: readers and waiters never wait for
     * listeners.
     */
    private final ReentrantLock transitions = new ReentrantLock();
    private State state = AVAILABLE;

    /**
     * @param name   what the store is, for logs and health ("Redis")
     * @param probe  true when the store takes a write now; may block up to its command timeout
     * @param timers runs the probe
     */
    public StoreAvailability(String name, BooleanSupplier probe, ScheduledExecutorService timers,
                             Duration probeEvery, Clock clock) {
        this.name = name;
        this.probe = probe;
        this.timers = timers;
        this.probeEvery = probeEvery;
        this.clock = clock;
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public String name() {
        return name;
    }

    public State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    public boolean available() {
        return state() instanceof State.Available;
    }

    /** Reports that a call found the store unusable; the first report of an outage starts it. */
    public void failed(Throwable cause) {
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (!available()) {
            return; // the outage is known: no need to wait for an announcement in progress
        }
        transitions.lock();
        try {
            lock.lock();
            try {
                if (state instanceof State.Unavailable) {
                    return;
                }
                state = new State.Unavailable(clock.instant(), reason);
            } finally {
                lock.unlock();
            }
            LOG.warn("{} is unusable ({}): taking no new deliveries, holding or returning those received, until it answers",
                    name, reason);
            for (Listener listener : listeners) {
                try {
                    listener.unavailable(reason);
                } catch (RuntimeException e) {
                    LOG.warn("pausing for the {} outage failed: {}", name, e.getMessage(), e);
                }
            }
        } finally {
            transitions.unlock();
        }
        scheduleProbe();
    }

    /**
     * For a store that cannot become unusable (in memory): never probes on a timer; a failure, if
     * one were reported, is probed once at once.
     */
    public static StoreAvailability alwaysAvailable(String name, Clock clock) {
        return new StoreAvailability(name, () -> true, null, Duration.ZERO, clock);
    }

    private void scheduleProbe() {
        if (timers == null) {
            probe();
            return;
        }
        try {
            timers.schedule(this::probe, probeEvery.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.debug("no more {} probes: {}", name, e.getMessage()); // shutting down
        }
    }

    private void probe() {
        boolean answers;
        try {
            answers = probe.getAsBoolean();
        } catch (RuntimeException e) {
            answers = false;
        }
        if (!answers) {
            scheduleProbe();
            return;
        }
        transitions.lock();
        try {
            Instant since;
            lock.lock();
            try {
                if (!(state instanceof State.Unavailable unavailable)) {
                    return;
                }
                since = unavailable.since();
                state = AVAILABLE;
                becameAvailable.signalAll();
            } finally {
                lock.unlock();
            }
            LOG.info("{} answers again after {} ms unusable: consuming again", name,
                    Duration.between(since, clock.instant()).toMillis());
            for (Listener listener : listeners) {
                try {
                    listener.available();
                } catch (RuntimeException e) {
                    LOG.warn("resuming after the {} outage failed: {}", name, e.getMessage(), e);
                }
            }
        } finally {
            transitions.unlock();
        }
    }

    /**
     * Waits until the store is available.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitAvailable(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (state instanceof State.Unavailable) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = becameAvailable.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
