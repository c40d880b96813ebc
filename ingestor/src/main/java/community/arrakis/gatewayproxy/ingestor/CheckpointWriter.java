package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.redis.RedisUnreachableException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each shard's latest safe sequence to the checkpoint store, on a scheduler thread of its
 * own. Writing on a tick rather than on every confirm bounds the Redis traffic; the cost of a crash
 * is that Discord replays up to one interval of events that were already confirmed, which consumers
 * recognise by their eventId.
 *
 * <p>While Redis is unreachable, each shard's latest checkpoint is simply what it holds in memory
 * (its forwarder's safe sequence: the latest only, never a backlog), and every tick tries again.
 * The first failure ends a tick: with commands rejected at once while the client is disconnected
 * that costs nothing, and a Redis that hangs costs one command timeout per tick, on this thread
 * only. The first tick after an outage rewrites every shard's checkpoint, moved or not, because a
 * Redis that comes back may have come back empty (restarted without persistence, or a failover
 * that lost writes). Those writes are also how the outage's end is noticed; with nothing to write
 * at all, {@code probe} asks Redis instead.
 *
 * <p>Outages are reported to {@link RedisAvailability}, which logs once per outage. Anything else
 * that goes wrong (a bug, a key of the wrong type) is logged once per spell of failures.
 */
final class CheckpointWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CheckpointWriter.class);
    private final List<ShardSupervisor> shards;
    private final RedisAvailability redis;
    private final Runnable probe;
    /** {@link RedisAvailability#outagesBegun()} when every checkpoint was last rewritten. */
    private long outagesCovered;
    private boolean failing;

    /** @param probe a Redis command that throws {@link RedisUnreachableException} unless Redis answers */
    CheckpointWriter(List<ShardSupervisor> shards, RedisAvailability redis, Runnable probe) {
        this.shards = shards;
        this.redis = redis;
        this.probe = probe;
    }

    @Override
    public void run() {
        long outages = redis.outagesBegun();
        boolean rewrite = outages != outagesCovered;
        boolean failed = false;
        try {
            boolean wrote = false;
            for (ShardSupervisor shard : shards) {
                try {
                    wrote |= rewrite ? shard.rewriteCheckpoint() : shard.saveCheckpoint();
                } catch (RedisUnreachableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    failed = true;
                    if (!failing) {
                        log.warn("cannot write the checkpoint of shard {} ({}); will keep trying", shard.shardId(),
                                e.toString());
                    }
                }
            }
            if (!wrote && !redis.isReachable()) {
                probe.run();
            }
            redis.answered();
            if (!failed) {
                outagesCovered = outages;
            }
        } catch (RedisUnreachableException e) {
            redis.unreachable(e.getMessage());
            return;
        }
        if (failing && !failed) {
            log.info("checkpoints are written again");
        }
        failing = failed;
    }
}
