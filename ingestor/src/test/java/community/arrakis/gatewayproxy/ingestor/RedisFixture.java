package community.arrakis.gatewayproxy.ingestor;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;

/** Redis for integration tests: the machine's, or {@code REDIS_URL}; a key prefix per test class. */
final class RedisFixture {
    static final String REDIS_URL = System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379");

    private RedisFixture() {
    }

    static String prefix(String testClass) {
        return "it-" + testClass + "-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    static void deleteKeys(StatefulRedisConnection<String, String> redis, String prefix) {
        var keys = redis.sync().keys(prefix + "*");
        if (!keys.isEmpty()) {
            redis.sync().del(keys.toArray(String[]::new));
        }
    }

    static RedisClient client() {
        return RedisClient.create(REDIS_URL);
    }
}
