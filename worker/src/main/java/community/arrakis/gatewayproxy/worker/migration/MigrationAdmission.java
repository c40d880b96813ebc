package community.arrakis.gatewayproxy.worker.migration;

import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.worker.dispatch.EventAdmission;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One side's share of the bot's events during a migration, and the context its writes are
 * recorded under.
 *
 * <p>With guild canaries, the standalone bot and the proxy both receive every event (two gateway
 * sessions of one shard) and each must run exactly its share, also while an operator changes the
 * canary set. Each side reading the set for itself is not enough: a guild moved between the moment
 * one side looked and the moment the other did would be run by both or by neither. So the first
 * side to see an event proposes its owner from the canary set as it reads it, and Redis keeps that
 * answer for everyone after ({@link MigrationStore#owner}); each side runs only what it owns. A
 * stale canary set changes which side is proposed, never how many run the event.
 *
 * <p>The shadow admits everything: it records what it would write and owns nothing.
 */
public final class MigrationAdmission implements EventAdmission {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationAdmission.class);
    /** How long a read of the canary set serves before it is read again. */
    public static final Duration CANARY_REFRESH = Duration.ofMillis(250);

    private final Side side;
    private final MigrationStore store;
    private final boolean canaries;
    private volatile CanaryPolicy policy;
    private volatile long policyReadAt;
    private final java.util.concurrent.locks.ReentrantLock refreshing = new java.util.concurrent.locks.ReentrantLock();

    private MigrationAdmission(Side side, MigrationStore store, boolean canaries) {
        this.side = side;
        this.store = store;
        this.canaries = canaries;
    }

    /** Runs the events the canary set gives {@code side} (standalone or proxy), recording context. */
    public static MigrationAdmission canaries(Side side, MigrationStore store) {
        if (side == Side.SHADOW) {
            throw new IllegalArgumentException("the shadow owns no events; use recordingOnly");
        }
        return new MigrationAdmission(side, store, true);
    }

    /** Runs every event; only sets the context writes are recorded under (shadow, or a live bot without canaries). */
    public static MigrationAdmission recordingOnly(Side side) {
        return new MigrationAdmission(side, null, false);
    }

    @Override
    public boolean admits(Envelope envelope) {
        WriteContext.enter(envelope);
        if (!canaries) {
            return true;
        }
        Side proposed = currentPolicy().includes(envelope.guildId()) ? Side.PROXY : Side.STANDALONE;
        return store.owner(EventKey.of(envelope), proposed) == side;
    }

    @Override
    public void finished(Envelope envelope) {
        WriteContext.exit();
    }

    /** The canary set, read at most every {@link #CANARY_REFRESH}; the last one read while Redis is away. */
    CanaryPolicy currentPolicy() {
        long now = System.nanoTime();
        CanaryPolicy known = policy;
        if (known != null && now - policyReadAt < CANARY_REFRESH.toNanos()) {
            return known;
        }
        // one reader refreshes; the others go on with the last set read (a proposal only)
        if (known != null && !refreshing.tryLock()) {
            return known;
        }
        if (known == null) {
            refreshing.lock();
        }
        try {
            CanaryPolicy fresh = policy;
            if (fresh != null && fresh != known && System.nanoTime() - policyReadAt < CANARY_REFRESH.toNanos()) {
                return fresh; // another reader refreshed it while this one waited for the lock
            }
            CanaryPolicy read = store.canary();
            if (known != null && !known.equals(read)) {
                LOG.info("canary set changed: the proxy now serves {}", read);
            }
            policy = read;
            policyReadAt = now;
            return read;
        } catch (StateUnavailableException e) {
            if (known == null) {
                throw e;
            }
            return known; // only a proposal: the owner record decides, and it needs Redis anyway
        } finally {
            refreshing.unlock();
        }
    }

    public Side side() {
        return side;
    }
}
