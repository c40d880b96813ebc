package community.arrakis.gatewayproxy.ingestor;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flags shards that are READY but have gone silent (discord-api-docs#8162: bots stopped receiving
 * events on every shard while the connections looked healthy). Runs on the ingestor's scheduler,
 * so it catches everything: a scheduled task that throws is never run again.
 */
final class ShardWatchdog implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ShardWatchdog.class);
    private final List<ShardSupervisor> shards;
    private final Duration threshold;

    ShardWatchdog(List<ShardSupervisor> shards, Duration threshold) {
        this.shards = shards;
        this.threshold = threshold;
    }

    @Override
    public void run() {
        for (ShardSupervisor shard : shards) {
            try {
                shard.checkSilence(threshold);
            } catch (RuntimeException e) {
                log.warn("watchdog could not check shard {}", shard.shardId(), e);
            }
        }
    }
}
