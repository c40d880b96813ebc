package community.arrakis.gatewayproxy.ingestor;

/**
 * Decides when a shard may IDENTIFY. Discord allows one identify per rate-limit bucket
 * ({@code shard_id % max_concurrency}) per 5 seconds, across every process of the bot; going faster
 * gets sessions invalidated. Implementations that only see one process are not enough once shards
 * are split between processes.
 */
public interface IdentifyLimiter {

    /** Blocks until {@code shardId} may identify, and takes the slot. */
    void awaitTurn(int shardId) throws InterruptedException;
}
