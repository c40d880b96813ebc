package community.arrakis.gatewayproxy.worker.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.PrivateRedisSentinel;
import community.arrakis.gatewayproxy.worker.ratelimit.RedisRateLimitStore;
import community.arrakis.gatewayproxy.worker.state.RedisStateStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The worker's two Redis users, its state store (effect-once ledger, cooldowns) and its REST
 * rate-limit store (Lua scripts), on a {@code redis-sentinel://} URL: they work, and after the
 * master is killed and the sentinels promote the replica they work again by themselves, on the
 * new master. (The ingestor's checkpoints and identify limiter on Sentinel, and everything under
 * load, are e2e's ClusterFailoverIT.)
 */
class RedisSentinelFailoverIT {

    @Test
    void stateAndRateLimitStoresFollowAFailoverByThemselves() throws Exception {
        try (PrivateRedisSentinel redis = PrivateRedisSentinel.start(1);
             RedisStateStore state = RedisStateStore.connect(redis.url(), "it-sentinel:");
             RedisRateLimitStore limits = RedisRateLimitStore.connect(redis.url(), "it-sentinel:")) {
            assertThat(state.writable()).isTrue();
            state.putSession("t", "u1", "before", Duration.ofMinutes(1));
            limits.update("bucket-a", 5, Instant.now().plusSeconds(60));
            assertThat(limits.tryAcquire("bucket-a", Instant.now())).isEqualTo(Duration.ZERO);

            int oldMaster = redis.masterPort();
            redis.killMaster();
            redis.awaitFailover(oldMaster, Duration.ofSeconds(30));

            assertThat(redis.masterPort()).isNotEqualTo(oldMaster);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .until(state::writable);
            state.putSession("t", "u2", "after", Duration.ofMinutes(1));
            assertThat(state.session("t", "u2")).contains("after");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                    .untilAsserted(() -> {
                        limits.update("bucket-b", 5, Instant.now().plusSeconds(60));
                        assertThat(limits.tryAcquire("bucket-b", Instant.now())).isEqualTo(Duration.ZERO);
                    });
        }
    }
}
