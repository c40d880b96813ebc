package community.arrakis.gatewayproxy.benchmarks;

import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.redis.RedisKeyPrefix;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

/**
 * A benchmark's own names on the RabbitMQ and Redis it runs against: a topology
 * ({@code bench-<name>-<8 hex>.}, declared by {@link #declare}) and a Redis key prefix
 * ({@code bench-<name>-<8 hex>:}), both deleted by {@link #close}. Those services are the ones
 * {@code -Damqp.url} and {@code -Dredis.url} name (else {@code RABBITMQ_URL}, {@code REDIS_URL},
 * else the local defaults), which other benchmarks, tests and bots may share.
 *
 * <p>The end-to-end tests' {@code Pipeline} does the same for tests; benchmarks cannot use test code.
 */
public final class BenchSandbox implements AutoCloseable {

    public static final String AMQP_URL = System.getProperty("amqp.url",
            System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672"));
    public static final String REDIS_URL = System.getProperty("redis.url",
            System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"));

    private final String id;
    private final TopologyDeclarer topology;
    private Connection declaredOn;

    public BenchSandbox(String name) {
        this.id = "bench-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.topology = new TopologyDeclarer(Topology.withPrefix(topologyPrefix()));
    }

    public String topologyPrefix() {
        return id + ".";
    }

    public Topology topology() {
        return topology.topology();
    }

    public String redisPrefix() {
        return id + ":";
    }

    /** Declares the topology on {@code connection}, which {@link #close} then deletes it with (close it after). */
    public void declare(Connection connection) throws IOException {
        topology.declare(connection);
        declaredOn = connection;
    }

    /** Deletes the topology (if declared) and every Redis key under the prefix. */
    @Override
    public void close() throws IOException {
        try {
            if (declaredOn != null) {
                topology.delete(declaredOn);
            }
        } finally {
            deleteRedisKeys();
        }
    }

    private void deleteRedisKeys() {
        RedisClient client = RedisClient.create(REDIS_URL);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            RedisKeyPrefix.deleteAll(redis.sync(), redisPrefix());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
