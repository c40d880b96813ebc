package community.arrakis.gatewayproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.PrivateRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The client both processes use, against a Redis of the test's own that it kills and starts again
 * (the machine's shared Redis is never stopped): commands fail at once while Redis is away, and the
 * connection comes back by itself when Redis does.
 */
class FailFastRedisClientIT {

    @Test
    void failsAtOnceWhileRedisIsAwayAndComesBackByItself() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(); FailFastRedisClient client = new FailFastRedisClient(redis.url())) {
            StatefulRedisConnection<String, String> connection = client.connect();
            assertThat(RedisCalls.call(() -> connection.sync().set("k", "v"))).isEqualTo("OK");
            AtomicBoolean lost = new AtomicBoolean();
            client.onConnectionLost(() -> lost.set(true));

            redis.kill();
            await().atMost(Duration.ofSeconds(5)).untilTrue(lost);
            long started = System.nanoTime();
            assertThatThrownBy(() -> RedisCalls.call(() -> connection.sync().get("k")))
                    .isInstanceOf(RedisUnreachableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("rejected while disconnected, not queued until the command timeout")
                    .isLessThan(FailFastRedisClient.COMMAND_TIMEOUT);

            redis.restart(); // empty: nothing is saved
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreException(RedisUnreachableException.class)
                    .until(() -> "OK".equals(RedisCalls.call(() -> connection.sync().set("k", "again"))));
            assertThat(connection.sync().get("k")).isEqualTo("again");
        }
    }
}
