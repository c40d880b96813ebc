package community.arrakis.gatewayproxy.ingestor;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each shard's safe sequence to the checkpoint store, on the ingestor's scheduler. Writing
 * on a tick rather than on every confirm bounds the Redis traffic; the cost of a crash is that
 * Discord replays up to one interval of events that were already confirmed, which consumers
 * recognise by their eventId. Catches everything: Redis being away must not stop the job.
 */
final class CheckpointWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CheckpointWriter.class);
    private final List<ShardSupervisor> shards;
    private volatile boolean failing;

    CheckpointWriter(List<ShardSupervisor> shards) {
        this.shards = shards;
    }

    @Override
    public void run() {
        boolean failed = false;
        for (ShardSupervisor shard : shards) {
            try {
                shard.saveCheckpoint();
            } catch (RuntimeException e) {
                failed = true;
                if (!failing) {
                    log.warn("cannot write the checkpoint of shard {} ({}); will keep trying", shard.shardId(),
                            e.toString());
                }
            }
        }
        if (failing && !failed) {
            log.info("checkpoints are written again");
        }
        failing = failed;
    }
}
