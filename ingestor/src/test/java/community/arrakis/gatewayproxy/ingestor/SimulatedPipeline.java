package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ops.OpsServer;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.RecordedDispatch;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Everything around an ingestor under test, for real: the Discord simulator on a free port, a
 * RabbitMQ topology of its own with a consumer on each queue, and a Redis key prefix of its own.
 *
 * <p>The guarantee the proof tests check is one comparison: the eventIds of every dispatch the
 * simulator put into a session (its own record, which a replay does not add to) for a type the
 * ingestor forwards, against the eventIds that came out of the queues. Replays and republishes
 * may deliver an eventId twice; {@link #duplicates()} counts those, they are allowed.
 */
final class SimulatedPipeline implements AutoCloseable {

    static final String AMQP_URL = SharedServices.AMQP_URL;

    final DiscordSimulator discord;
    final String topologyPrefix;
    final Topology topology;
    final String redisPrefix;
    private final RedisKeys redisKeys;
    final StatefulRedisConnection<String, String> redis;
    private final RedisClient redisClient;
    private final Connection admin;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final ConcurrentHashMap<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();

    private SimulatedPipeline(SimulatorConfig simulatorConfig, String name) throws Exception {
        discord = DiscordSimulator.start(simulatorConfig);
        String id = UUID.randomUUID().toString().substring(0, 8);
        topologyPrefix = "it-" + name + "-" + id + ".";
        topology = Topology.withPrefix(topologyPrefix);
        redisKeys = RedisKeys.unique(name);
        redisPrefix = redisKeys.prefix();
        redisClient = RedisClient.create(SharedServices.REDIS_URL);
        redis = redisClient.connect();
        admin = BrokerConnections.connect(AMQP_URL, "it-" + name + "-consumer");
        try (Channel channel = admin.createChannel()) {
            new TopologyDeclarer(topology).declare(channel);
        }
        Channel consumer = admin.createChannel();
        consumer.basicQos(1_000);
        for (String queue : topology.queues()) {
            consumer.basicConsume(queue, true, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, com.rabbitmq.client.Envelope amqp, AMQP.BasicProperties props,
                                           byte[] body) {
                    String eventId = queue.equals(topology.deadLetterQueue()) ? "dead:" + props.getMessageId()
                            : codec.decode(body).eventId();
                    received.computeIfAbsent(eventId, k -> new AtomicInteger()).incrementAndGet();
                    deliveries.incrementAndGet();
                    lastDeliveryNanos.set(System.nanoTime());
                }
            });
        }
    }

    /** A simulator with {@code config} (port 0 whatever it says) and a private topology and key prefix. */
    static SimulatedPipeline start(SimulatorConfig config, String name) throws Exception {
        return new SimulatedPipeline(config.withPort(0), name);
    }

    /** The ingestor's configuration for this pipeline: every shard of {@code totalShards}. */
    IngestorConfig ingestorConfig(int totalShards) {
        return IngestorConfig.builder().botToken(discord.config().botToken())
                .apiBaseUrl(discord.apiBaseUrl())
                .amqpUrl(AMQP_URL).topology(topology)
                .redisUrl(SharedServices.REDIS_URL).redisKeyPrefix(redisPrefix)
                .shards(new ShardRange(0, totalShards - 1)).totalShards(totalShards)
                .opsPort(0)
                .checkpointInterval(Duration.ofMillis(100)).build();
    }

    /** Starts an ingestor in this JVM whose identify window matches the simulator's. */
    Ingestor startIngestor(IngestorConfig config) throws Exception {
        return new Ingestor(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC())
                .withIdentifyWindow(identifyWindow(discord.config()))
                .start();
    }

    /**
     * {@code GET path} from the ingestor's ops endpoints, opened for the call as {@code app} opens
     * them (the ingestor itself opens none).
     */
    static HttpResponse<String> getOps(Ingestor ingestor, String path) throws Exception {
        try (OpsServer ops = OpsServer.start(0, ingestor.registry(), ingestor.healthChecks(), ingestor.status())) {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ops.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A little longer than the simulator's window: the slot is taken just before IDENTIFY is written. */
    static Duration identifyWindow(SimulatorConfig config) {
        return config.identifyWindow().plusMillis(Math.max(250, config.identifyWindow().toMillis() / 10));
    }

    /** The eventId the ingestor gives this dispatch, if it forwards its type (message events off). */
    static Optional<String> eventIdOf(RecordedDispatch dispatch) {
        return switch (dispatch.type()) {
            case "INTERACTION_CREATE" -> Optional.of(dispatch.entityId());
            case "GUILD_MEMBER_ADD", "GUILD_MEMBER_REMOVE", "GUILD_MEMBER_UPDATE", "GUILD_CREATE", "GUILD_DELETE" ->
                    Optional.of(EnvelopeFactory.eventId(dispatch.shardId(), dispatch.sessionId(), dispatch.seq()));
            default -> Optional.empty();
        };
    }

    /** The eventIds of every forwarded-type dispatch the simulator put into a session. */
    Set<String> dispatchedEventIds() {
        return discord.dispatches().all().stream().map(SimulatedPipeline::eventIdOf).flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }

    Set<String> receivedEventIds() {
        return Set.copyOf(received.keySet());
    }

    int receivedCount() {
        return received.size();
    }

    /** Deliveries beyond the first of each eventId (replays after a resume, republishes). */
    long duplicates() {
        return received.values().stream().mapToLong(c -> c.get() - 1L).sum();
    }

    /** System.nanoTime() of the last message consumed, 0 before the first. */
    long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    /**
     * Waits until every dispatched eventId has come out of a queue, then asserts the two sets are
     * equal: none missing, none invented.
     */
    void assertNothingLost(Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .until(() -> received.keySet().containsAll(dispatchedEventIds()));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Set<String> missing = dispatchedEventIds().stream().filter(id -> !received.containsKey(id))
                    .collect(Collectors.toSet());
            throw new AssertionError(missing.size() + " dispatched events never reached a queue, e.g. "
                    + missing.stream().limit(10).toList(), e);
        }
        assertThat(receivedEventIds()).isEqualTo(dispatchedEventIds());
    }

    @Override
    public void close() throws Exception {
        discord.close();
        try {
            new TopologyDeclarer(topology).delete(admin);
        } finally {
            admin.close();
            redisKeys.deleteAll();
            redis.close();
            redisClient.shutdown();
        }
    }
}
