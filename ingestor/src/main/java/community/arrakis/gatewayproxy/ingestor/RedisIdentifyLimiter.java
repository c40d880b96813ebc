package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.gateway.IdentifyLimiter;
import community.arrakis.gatewayproxy.ops.Sleeper;
import community.arrakis.gatewayproxy.redis.RedisCalls;
import community.arrakis.gatewayproxy.redis.RedisUnreachableException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Identify slots shared by every ingestor process through Redis. A slot is the key
 * {@code <prefix>identify:<bucket>}, taken with {@code SET NX PX window}: whoever sets it may identify,
 * everyone else in that bucket waits for the key to expire. For example, with max_concurrency 2:
 *
 * <pre>
 * t=0.0  process A, shard 0 (bucket 0)  SET identify:0 NX → OK      identifies
 * t=0.0  process B, shard 1 (bucket 1)  SET identify:1 NX → OK      identifies (other bucket)
 * t=0.1  process B, shard 2 (bucket 0)  SET identify:0 NX → nil     PTTL 5.4 s, waits
 * t=5.5  process B, shard 2             SET identify:0 NX → OK      identifies
 * </pre>
 *
 * <p>Implements the gateway's identify port, so every IDENTIFY a shard sends (the first one and
 * those after an invalid session) waits here. The window is a little longer than Discord's 5 s ({@link #DEFAULT_WINDOW}) because the slot is
 * taken just before the IDENTIFY is written, which reaches Discord a moment later.
 *
 * <p>Without Redis there is no slot to take: {@link #acquire} throws {@link RedisUnreachableException}
 * rather than let the shard identify unchecked, which could exceed {@code max_concurrency} across
 * processes (op 9, and a spent identify). The shard's supervisor waits for Redis and asks again.
 *
 * <p>{@link #acquire} waits in the calling thread; {@link #tryAcquire} asks once and says how long
 * to wait, for a caller that schedules its next try instead (the shard's supervisor).
 */
public final class RedisIdentifyLimiter implements IdentifyLimiter {

    public static final Duration DEFAULT_WINDOW = Duration.ofMillis(5_500);
    /** Waited beyond the key's remaining time to live, so the next SET NX finds it expired. */
    private static final long EXPIRY_MARGIN_MILLIS = 5;
    private static final Logger log = LoggerFactory.getLogger(RedisIdentifyLimiter.class);

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;
    private final int maxConcurrency;
    private final Duration window;
    private final Sleeper sleeper;
    private final String owner = UUID.randomUUID().toString();

    public RedisIdentifyLimiter(StatefulRedisConnection<String, String> redis, String keyPrefix, int maxConcurrency,
                                Duration window) {
        this(redis, keyPrefix, maxConcurrency, window, Sleeper.SYSTEM);
    }

    /** @param sleeper waits in {@link #acquire} until the bucket's slot is free again */
    public RedisIdentifyLimiter(StatefulRedisConnection<String, String> redis, String keyPrefix, int maxConcurrency,
                                Duration window, Sleeper sleeper) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max_concurrency must be at least 1, was " + maxConcurrency);
        }
        this.redis = redis;
        this.prefix = keyPrefix;
        this.maxConcurrency = maxConcurrency;
        this.window = window;
        this.sleeper = sleeper;
    }

    public int bucket(int shardId) {
        return shardId % maxConcurrency;
    }

    public String key(int shardId) {
        return prefix + "identify:" + bucket(shardId);
    }

    @Override
    public void acquire(int shardId) throws InterruptedException {
        while (true) {
            Duration wait = tryAcquire(shardId);
            if (wait.isZero()) {
                return;
            }
            sleeper.sleep(wait);
        }
    }

    /**
     * Tries once to take the slot of the shard's bucket.
     *
     * @return zero when the slot is taken (the shard may identify now), otherwise how long until it
     *         may be free: what is left of the holder's window, plus a few milliseconds so the key
     *         has surely expired
     * @throws RedisUnreachableException when Redis cannot answer
     */
    public Duration tryAcquire(int shardId) {
        String key = key(shardId);
        String taken = RedisCalls.call(() -> redis.sync().set(key, owner + ":" + shardId,
                SetArgs.Builder.nx().px(window.toMillis())));
        if ("OK".equals(taken)) {
            return Duration.ZERO;
        }
        long left = RedisCalls.call(() -> redis.sync().pttl(key));
        // -2: expired meanwhile, -1: no expiry (never set by us; treat as a full window)
        long pause = left == -2 ? 0 : left < 0 ? window.toMillis() : left;
        log.debug("shard {} waits {} ms for identify bucket {}", shardId, pause, bucket(shardId));
        return Duration.ofMillis(pause + EXPIRY_MARGIN_MILLIS);
    }
}
