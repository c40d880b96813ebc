package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisSessionCheckpointStoreIT {

    private final RedisKeys keys = RedisKeys.unique("checkpoints");
    private final String prefix = keys.prefix();
    private RedisClient client;
    private StatefulRedisConnection<String, String> redis;
    private RedisSessionCheckpointStore store;

    @BeforeEach
    void connect() {
        client = RedisClient.create(SharedServices.REDIS_URL);
        redis = client.connect();
        store = new RedisSessionCheckpointStore(redis, prefix);
    }

    @AfterEach
    void cleanUp() {
        keys.deleteAll();
        redis.close();
        client.shutdown();
    }

    @Test
    void checkpointSurvivesAnotherConnectionAndIsKeyedByShardAndTotal() {
        store.save(3, 16, new ResumeState("sess-1", "wss://resume.example/?v=10", 1234));
        try (StatefulRedisConnection<String, String> other = client.connect()) {
            RedisSessionCheckpointStore restarted = new RedisSessionCheckpointStore(other, prefix);
            assertThat(restarted.load(3, 16)).contains(new ResumeState("sess-1", "wss://resume.example/?v=10", 1234));
            assertThat(restarted.load(3, 32)).as("after resharding, the old session does not apply").isEmpty();
            assertThat(restarted.load(4, 16)).isEmpty();
        }
        assertThat(redis.sync().pttl(store.key(3, 16))).isPositive();
    }

    @Test
    void laterSaveReplacesAndDeleteForgets() {
        store.save(0, 1, new ResumeState("old", null, 5));
        store.save(0, 1, new ResumeState("new", null, 1));
        assertThat(store.load(0, 1)).contains(new ResumeState("new", null, 1));
        store.delete(0, 1);
        assertThat(store.load(0, 1)).isEmpty();
    }

    @Test
    void unreadableCheckpointIsIgnored() {
        redis.sync().set(store.key(0, 1), "not json");
        assertThat(store.load(0, 1)).isEmpty();
    }
}
