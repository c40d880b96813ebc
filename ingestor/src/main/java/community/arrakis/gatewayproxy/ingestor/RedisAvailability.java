package community.arrakis.gatewayproxy.ingestor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the ingestor's Redis answers, as a two-state machine that every Redis caller of the
 * ingestor reports to:
 *
 * <pre>
 * Reachable ──unreachable(reason)──▶ Unreachable(since, reason)   one WARN
 * Unreachable ──answered()─────────▶ Reachable                    one INFO with the outage's length;
 *                                                                 shards waiting to identify wake
 * </pre>
 *
 * A failed command or the client's "connection lost" starts an outage; only the first report of
 * an outage changes anything, so the checkpoint job failing every tick logs nothing more. The first
 * command that succeeds ends it. Nobody polls here on their own: while Redis is unreachable the
 * checkpoint job tries to write every tick, and shards waiting to identify retry their slot, so
 * the first of them to get through reports the end.
 *
 * <p>Nothing on the publishing path looks here: a READY shard needs no Redis. What an outage costs
 * is described in {@link RedisHealthCheck}.
 */
final class RedisAvailability {

    /** The state; see the class comment. */
    sealed interface State {
        record Reachable() implements State {
        }

        record Unreachable(Instant since, String reason) implements State {
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RedisAvailability.class);
    private static final State REACHABLE = new State.Reachable();

    private final String redis;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition becameReachable = lock.newCondition();
    private State state = REACHABLE;
    private long outagesBegun;
    private boolean stopped;

    /** @param redis names the Redis in log lines (its URL, password redacted) */
    RedisAvailability(String redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** A command failed or the connection dropped; the first report of an outage starts it. */
    void unreachable(String reason) {
        lock.lock();
        try {
            if (stopped || state instanceof State.Unreachable) {
                return;
            }
            state = new State.Unreachable(clock.instant(), reason);
            outagesBegun++;
        } finally {
            lock.unlock();
        }
        log.warn("Redis at {} is unreachable ({}): every shard keeps publishing; checkpoints are held in memory "
                + "and a shard that must identify waits, until Redis answers again", redis, reason);
    }

    /** A command succeeded; ends the outage if there is one. */
    void answered() {
        Instant since;
        lock.lock();
        try {
            if (!(state instanceof State.Unreachable unreachable)) {
                return;
            }
            since = unreachable.since();
            state = REACHABLE;
            becameReachable.signalAll();
        } finally {
            lock.unlock();
        }
        log.info("Redis at {} answers again after {} ms unreachable: the held checkpoints are written, waiting "
                + "shards identify", redis, Duration.between(since, clock.instant()).toMillis());
    }

    State state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    boolean isReachable() {
        return state() instanceof State.Reachable;
    }

    /**
     * How many outages have begun so far: the checkpoint job compares it with the count it last
     * rewrote every checkpoint for, since a Redis that comes back may have come back empty.
     */
    long outagesBegun() {
        lock.lock();
        try {
            return outagesBegun;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until Redis answers again or {@code timeout} passes, whichever is first. After
     * {@link #stop()} it always waits the whole timeout, so that a retry loop cannot spin.
     *
     * @return whether Redis is reachable
     */
    boolean awaitReachable(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while ((stopped || state instanceof State.Unreachable) && nanos > 0) {
                nanos = becameReachable.awaitNanos(nanos);
            }
            return !stopped && state instanceof State.Reachable;
        } finally {
            lock.unlock();
        }
    }

    /** At shutdown: the connection closing is not an outage. */
    void stop() {
        lock.lock();
        try {
            stopped = true;
        } finally {
            lock.unlock();
        }
    }
}
