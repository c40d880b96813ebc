package community.arrakis.gatewayproxy.ingestor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.redis.RedisCalls;
import community.arrakis.gatewayproxy.redis.RedisUnreachableException;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints as one small JSON string per shard:
 * {@code <prefix>session:<shardCount>:<shardId> = {"sessionId":..,"resumeGatewayUrl":..,"sequence":..}},
 * expiring after a day (Discord forgets a disconnected session within minutes anyway; the expiry
 * only keeps Redis tidy).
 *
 * <p>Every method throws {@link RedisUnreachableException} when Redis cannot be used just now.
 */
public final class RedisSessionCheckpointStore implements SessionCheckpointStore {

    static final Duration EXPIRY = Duration.ofDays(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger log = LoggerFactory.getLogger(RedisSessionCheckpointStore.class);

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    public RedisSessionCheckpointStore(StatefulRedisConnection<String, String> redis, String keyPrefix) {
        this.redis = redis;
        this.prefix = keyPrefix;
    }

    public String key(int shardId, int shardCount) {
        return prefix + "session:" + shardCount + ":" + shardId;
    }

    @Override
    public Optional<ResumeState> load(int shardId, int shardCount) {
        String value = RedisCalls.call(() -> redis.sync().get(key(shardId, shardCount)));
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(value);
            String sessionId = node.path("sessionId").asText(null);
            if (sessionId == null || !node.path("sequence").canConvertToLong()) {
                log.warn("ignoring an unreadable session checkpoint for shard {}/{}", shardId, shardCount);
                return Optional.empty();
            }
            return Optional.of(new ResumeState(sessionId, node.path("resumeGatewayUrl").asText(null),
                    node.path("sequence").asLong()));
        } catch (IOException e) {
            log.warn("ignoring an unreadable session checkpoint for shard {}/{}", shardId, shardCount);
            return Optional.empty();
        }
    }

    @Override
    public void save(int shardId, int shardCount, ResumeState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("sessionId", state.sessionId());
        node.put("resumeGatewayUrl", state.resumeGatewayUrl());
        node.put("sequence", state.sequence());
        RedisCalls.call(() -> redis.sync().set(key(shardId, shardCount), node.toString(),
                SetArgs.Builder.px(EXPIRY.toMillis())));
    }

    @Override
    public void delete(int shardId, int shardCount) {
        RedisCalls.call(() -> redis.sync().del(key(shardId, shardCount)));
    }
}
