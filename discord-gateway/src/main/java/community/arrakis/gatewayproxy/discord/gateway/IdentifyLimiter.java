package community.arrakis.gatewayproxy.discord.gateway;

/**
 * Decides when a shard may send IDENTIFY. Discord allows one IDENTIFY per rate-limit bucket per
 * 5 s, where the bucket is {@code shard_id % max_concurrency} (Discord's Gateway docs, "Sharding"
 * and "Session Start Limit"); going faster earns op 9 and burns the daily budget of 1000 identifies.
 *
 * <p>A port: several processes may run shards of the same bot, so the in-memory
 * {@link InMemoryIdentifyLimiter} only coordinates shards of one JVM, and a shared (Redis-backed)
 * implementation coordinates a fleet. RESUMEs do not count and never go through here.
 */
public interface IdentifyLimiter {

    /**
     * Blocks until {@code shardId} may identify, and takes that slot.
     *
     * @throws InterruptedException if the shard is closed while waiting
     */
    void acquire(int shardId) throws InterruptedException;
}
