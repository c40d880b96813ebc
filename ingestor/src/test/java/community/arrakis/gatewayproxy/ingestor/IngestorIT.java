package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TcpProxy;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.discord.rest.GatewayBot;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
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
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole ingestor against the real RabbitMQ and Redis, with Discord played by
 * {@link ScriptedDiscord}. Each guarantee asserts that the set of eventIds Discord dispatched equals
 * the set the broker received.
 */
class IngestorIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    private static final GatewayBot GATEWAY = new GatewayBot(URI.create("ws://gateway.scripted/"), 2,
            new GatewayBot.SessionStartLimit(1000, 1000, 0, 2));

    private final Topology topology = Topology.withPrefix("it-ingestor-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final String redisPrefix = RedisFixture.prefix("ingestor");
    private final ScriptedDiscord discord = new ScriptedDiscord();
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Map<String, Envelope> received = new ConcurrentHashMap<>();
    private final Set<String> republishedIds = ConcurrentHashMap.newKeySet();
    private Connection admin;
    private RedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;
    private Ingestor ingestor;

    @BeforeEach
    void setUp() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "IngestorIT-admin");
        try (Channel channel = admin.createChannel()) {
            new TopologyDeclarer(topology, false).declare(channel);
        }
        Channel consumer = admin.createChannel();
        for (String queue : new String[] {topology.interactionsQueue(), topology.guildQueue(), topology.deadLetterQueue()}) {
            consumer.basicConsume(queue, true, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, com.rabbitmq.client.Envelope amqp, AMQP.BasicProperties props,
                                           byte[] body) {
                    Envelope envelope = codec.decode(body);
                    received.put(envelope.eventId(), envelope);
                    if (props.getHeaders() != null && Boolean.TRUE.equals(props.getHeaders().get("x-arrakis-republished"))) {
                        republishedIds.add(envelope.eventId());
                    }
                }
            });
        }
        redisClient = RedisFixture.client();
        redis = redisClient.connect();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (ingestor != null) {
            ingestor.close();
        }
        new TopologyDeclarer(topology, false).delete(admin);
        admin.close();
        RedisFixture.deleteKeys(redis, redisPrefix);
        redis.close();
        redisClient.shutdown();
    }

    @Test
    void slashCommandsAndMemberJoinsArriveAsEnvelopesAndReadinessListsEachShard() throws Exception {
        ingestor = start(config(AMQP_URL));
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);

        Set<String> dispatched = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            dispatched.add(discord.emitSlashCommand(i % 2, "ping", "42", "1000" + i));
            dispatched.add(discord.emitMemberAdd(i % 2, "43", "2000" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.keySet().containsAll(dispatched));
        assertThat(received.keySet()).isEqualTo(dispatched);

        Envelope command = received.values().stream().filter(Envelope::isInteraction).findFirst().orElseThrow();
        assertThat(command.eventType()).isEqualTo("interaction.command.ping");
        assertThat(command.priority()).isEqualTo(10);
        assertThat(command.guildId()).isEqualTo("42");
        assertThat(command.interactionToken()).isEqualTo("token-" + command.eventId());
        assertThat(command.payload()).contains("\"name\":\"ping\"");
        Envelope join = received.values().stream().filter(e -> e.eventType().equals("member.join")).findFirst().orElseThrow();
        assertThat(join.eventId()).isEqualTo(join.shardId() + ":" + join.sessionId() + ":" + join.sequence());
        assertThat(join.priority()).isEqualTo(5);
        assertThat(join.guildId()).isEqualTo("43");
        assertThat(join.userId()).startsWith("2000");

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"shard-0\":{\"status\":\"UP\"").contains("\"shard-1\":{\"status\":\"UP\"")
                .contains("\"state\":\"READY\"").contains("\"identify-budget\"").contains("\"lastEventAgeMs\"");
        String metrics = get("/metrics").body();
        assertThat(metrics).contains("arrakis_ingestor_events_published_total{shard=\"0\",type=\"member.join\"} 10.0")
                .contains("arrakis_ingestor_publish_latency_seconds_bucket")
                .contains("arrakis_ingestor_identify_budget_remaining");
    }

    @Test
    void restartAfterGracefulStopResumesFromRedisAndLosesNothing() throws Exception {
        ingestor = start(config(AMQP_URL));
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        Set<String> dispatched = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            dispatched.add(discord.emitMemberAdd(0, "42", "1" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.keySet().containsAll(dispatched));
        ingestor.close();
        ingestor = null;

        RedisSessionCheckpointStore store = new RedisSessionCheckpointStore(redis, redisPrefix);
        ResumeState checkpoint = store.load(0, 2).orElseThrow();
        assertThat(checkpoint.sequence()).as("READY + 50 joins, all confirmed").isEqualTo(51);

        // Discord keeps dispatching while no ingestor is connected.
        for (int i = 0; i < 30; i++) {
            dispatched.add(discord.emitMemberAdd(0, "42", "2" + i));
        }
        long restartedAt = System.nanoTime();
        ingestor = start(config(AMQP_URL));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.keySet().containsAll(dispatched));
        assertThat(Duration.ofNanos(System.nanoTime() - restartedAt)).isLessThan(Duration.ofSeconds(2));
        assertThat(discord.resumes).contains(checkpoint.sessionId() + "@51");
        assertThat(discord.identifies).as("one new session per shard, only at the first start").hasSize(2);

        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        for (int i = 0; i < 20; i++) {
            dispatched.add(discord.emitMemberAdd(0, "42", "3" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.keySet().containsAll(dispatched));
        assertThat(received.keySet()).isEqualTo(dispatched);
    }

    @Test
    void brokerCutUnderLoadPausesTheShardAndLosesNothing() throws Exception {
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(AMQP_URL)) {
            IngestorConfig config = config(proxy.rewrite(AMQP_URL)).withBuffering(200, Duration.ofMillis(100));
            ingestor = start(config);
            await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);

            Set<String> dispatched = ConcurrentHashMap.newKeySet();
            // 1,000 events/s across two shards for 3 s; the broker is unreachable for the middle second.
            long interval = Duration.ofMillis(1).toNanos();
            long next = System.nanoTime();
            for (int i = 0; i < 3000; i++) {
                if (i == 1000) {
                    proxy.cut();
                }
                if (i == 2000) {
                    proxy.restore();
                }
                dispatched.add(discord.emitMemberAdd(i % 2, "42", Integer.toString(i)));
                next += interval;
                LockSupport.parkNanos(next - System.nanoTime()); // pacing the load, not synchronising
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.keySet().containsAll(dispatched));
            assertThat(received.keySet()).isEqualTo(dispatched);
            assertThat(ingestor.registry().find(IngestorMetrics.SHARD_PAUSES).counters())
                    .as("1,000 events against a bound of 200 per shard must pause the shards")
                    .isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        }
    }

    private Ingestor start(IngestorConfig config) throws Exception {
        return new Ingestor(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC())
                .withGateway(() -> GATEWAY, discord)
                .start();
    }

    private IngestorConfig config(String amqpUrl) {
        return IngestorConfig.defaults("test-token")
                .withBroker(amqpUrl, topology)
                .withRedis(RedisFixture.REDIS_URL, redisPrefix)
                .withShards(new ShardRange(0, 1), 2)
                .withOpsPort(0)
                .withZlibStream(false)
                .withBuffering(IngestorConfig.DEFAULT_MAX_BUFFERED_PER_SHARD, Duration.ofMillis(100));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingestor.opsPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
