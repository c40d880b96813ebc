package community.arrakis.gatewayproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The clean-up every integration test relies on, against the machine's Redis. */
class RedisKeysIT {

    private final RedisKeys keys = RedisKeys.unique("RedisKeysIT");
    private final RedisKeys neighbour = RedisKeys.of(keys.prefix().replace(":", "-other:"));
    private final RedisClient client = RedisClient.create(SharedServices.REDIS_URL);
    private final StatefulRedisConnection<String, String> redis = client.connect();

    @AfterEach
    void close() {
        neighbour.deleteAll();
        keys.deleteAll();
        redis.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void uniquePrefixesDiffer() {
        assertThat(keys.prefix()).startsWith("it-RedisKeysIT-").endsWith(":")
                .isNotEqualTo(RedisKeys.unique("RedisKeysIT").prefix());
    }

    @Test
    void deletesEveryKeyUnderItsPrefixAndNothingElse() {
        for (int i = 0; i < 2_500; i++) { // more than one SCAN page
            redis.sync().set(keys.prefix() + "k" + i, "v");
        }
        redis.sync().set(neighbour.prefix() + "kept", "v");

        assertThat(keys.get("k7")).isEqualTo("v");
        assertThat(keys.deleteAll()).isEqualTo(2_500);
        assertThat(keys.get("k7")).isNull();
        assertThat(redis.sync().get(neighbour.prefix() + "kept")).isEqualTo("v");
    }

    @Test
    void aPrefixWithGlobCharactersMatchesOnlyItself() {
        RedisKeys star = RedisKeys.of(keys.prefix() + "a*");
        redis.sync().set(keys.prefix() + "a*1", "mine");
        redis.sync().set(keys.prefix() + "ab1", "not mine");

        assertThat(star.deleteAll()).isEqualTo(1);
        assertThat(redis.sync().get(keys.prefix() + "ab1")).isEqualTo("not mine");
    }
}
