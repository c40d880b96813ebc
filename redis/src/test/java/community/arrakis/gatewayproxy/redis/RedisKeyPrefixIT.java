package community.arrakis.gatewayproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The demo's and the benchmarks' clean-up, on the machine's shared Redis, under a prefix of the test's own. */
class RedisKeyPrefixIT {

    private final RedisKeys mine = RedisKeys.unique("RedisKeyPrefixIT");
    private final RedisClient client = RedisClient.create(SharedServices.REDIS_URL);
    private final RedisCommands<String, String> redis = client.connect().sync();

    @AfterEach
    void cleanUp() {
        mine.deleteAll();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }

    @Test
    void deletesEveryPageOfKeysUnderThePrefixAndNoOtherKey() {
        String prefix = mine.prefix() + "run*1:"; // a glob character, matched literally
        for (int i = 0; i < 2_345; i++) {
            redis.set(prefix + i, "v");
        }
        redis.set(mine.prefix() + "run-1:kept", "not under the prefix, though the glob would match it");

        assertThat(RedisKeyPrefix.deleteAll(redis, prefix)).isEqualTo(2_345);
        assertThat(redis.exists(prefix + "7")).isZero();
        assertThat(redis.get(mine.prefix() + "run-1:kept")).isNotNull();
        assertThat(RedisKeyPrefix.deleteAll(redis, prefix)).isZero();
    }
}
