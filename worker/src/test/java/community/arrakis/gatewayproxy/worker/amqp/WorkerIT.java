package community.arrakis.gatewayproxy.worker.amqp;

import static community.arrakis.gatewayproxy.worker.testing.TestEnvelopes.GUILD_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.testing.HttpInteractionTransport;
import community.arrakis.gatewayproxy.worker.testing.RecordingDiscord;
import community.arrakis.gatewayproxy.worker.testing.TestEnvelopes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker against the real RabbitMQ and Redis; interaction answers go over HTTP to a recorder. */
class WorkerIT {

    private static final String AMQP_URL = SharedServices.AMQP_URL;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Topology topology = Topology.withPrefix("it-worker-" + id + ".").withGuildPartitions(1);
    private final RedisKeys redisKeys = RedisKeys.of("it-worker-" + id + ":");
    private final String redisPrefix = redisKeys.prefix();
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private RecordingDiscord discord;
    private Connection connection;
    private Channel publisher;
    private Worker worker;

    @BeforeEach
    void setUp() throws Exception {
        discord = new RecordingDiscord();
        connection = BrokerConnections.connect(AMQP_URL, "WorkerIT");
        publisher = connection.createChannel();
        new TopologyDeclarer(topology).declare(publisher);
        publisher.confirmSelect();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (worker != null) {
            worker.close();
        }
        new TopologyDeclarer(topology).delete(connection);
        connection.close();
        discord.close();
        redisKeys.deleteAll();
    }

    private Worker startWorker(Handlers handlers) throws Exception {
        WorkerConfig config = WorkerConfig.builder().amqpUrl(AMQP_URL).redisUrl(SharedServices.REDIS_URL)
                .apiBaseUrl(discord.apiBase())
                .topology(topology).redisKeyPrefix(redisPrefix).workerId("it-" + id)
                .maxAttempts(2)
                .backoff(new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), Backoff.Jitter.FULL)).build();
        worker = Worker.start(config, handlers, new SimpleMeterRegistry(),
                DiscordRestClient.builder(discord.apiBase()).build(), new HttpInteractionTransport(discord.apiBase()));
        return worker;
    }

    private void publish(Envelope envelope) throws Exception {
        publish(GuildPartitions.routingKey(envelope, topology.guildPartitions()), codec.encode(envelope), envelope.priority());
    }

    private void publish(String routingKey, byte[] body, int priority) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).priority(priority)
                .contentType(EnvelopeCodec.CONTENT_TYPE).build();
        publisher.basicPublish(topology.eventsExchange(), routingKey, props, body);
        publisher.waitForConfirmsOrDie(5_000);
    }

    private double processed(String outcome) {
        return worker.metrics().count(WorkerMetrics.PROCESSED, "outcome", outcome);
    }

    @Test
    void pingIsAnsweredWithPongOnTheCallbackRouteAndAcknowledged() throws Exception {
        startWorker(BuiltInHandlers.create(null));
        Envelope ping = TestEnvelopes.command("ping", System.currentTimeMillis());
        publish(ping);

        await().atMost(Duration.ofSeconds(10)).until(() -> processed("handled") == 1);
        assertThat(discord.requests()).containsExactly(new RecordingDiscord.Request("POST",
                "/api/v10/interactions/" + ping.interactionId() + "/" + ping.interactionToken() + "/callback",
                "{\"type\":4,\"data\":{\"content\":\"pong\"}}"));
        worker.close();
        // closing returns unacknowledged deliveries to the queue: an empty queue proves the ack
        assertThat(publisher.messageCount(topology.interactionsQueue())).isZero();
    }

    @Test
    void undecodableMessagesAreDeadLetteredWithTheirReasonAndTheWorkerKeepsConsuming() throws Exception {
        startWorker(BuiltInHandlers.create(null));
        publish("interaction.command.ping", "{not json".getBytes(StandardCharsets.UTF_8), 10);
        publish("p00.member.join", "{\"schemaVersion\":2,\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8), 5);
        Envelope ping = TestEnvelopes.command("ping", System.currentTimeMillis());
        publish(ping);

        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.messageCount(topology.deadLetterQueue()) == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> processed("handled") == 1);
        List<Map<String, Object>> headers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            GetResponse dead = publisher.basicGet(topology.deadLetterQueue(), true);
            headers.add(dead.getProps().getHeaders());
        }
        assertThat(headers).extracting(h -> h.get(DeadLetterHeaders.REASON).toString())
                .anyMatch(reason -> reason.startsWith("envelope is not valid JSON"))
                .anyMatch(reason -> reason.equals("unsupported schemaVersion 2 (this version reads 1)"));
        assertThat(headers).allSatisfy(h -> {
            assertThat(h.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(0);
            assertThat(h.get(DeadLetterHeaders.WORKER).toString()).isEqualTo("it-" + id);
            assertThat(h.get(DeadLetterHeaders.EXCEPTION).toString()).endsWith("InvalidEnvelopeException");
        });
        assertThat(worker.metrics().count(WorkerMetrics.DEAD_LETTERED, "cause", "decode")).isEqualTo(2);
    }

    @Test
    void failingHandlerIsDeadLetteredWithItsReasonAndOtherEventsGoOn() throws Exception {
        AtomicInteger updates = new AtomicInteger();
        startWorker(Handlers.create()
                .memberJoin(ctx -> {
                    throw new IllegalStateException("welcome channel missing");
                })
                .memberUpdate(ctx -> updates.incrementAndGet()));
        Envelope join = TestEnvelopes.memberJoin(GUILD_ID, "1");
        publish(join);
        publish(TestEnvelopes.memberUpdate(GUILD_ID, "1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> publisher.messageCount(topology.deadLetterQueue()) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> updates.get() == 1);
        GetResponse dead = publisher.basicGet(topology.deadLetterQueue(), true);
        assertThat(codec.decode(dead.getBody()).eventId()).isEqualTo(join.eventId());
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(DeadLetterHeaders.REASON).toString()).isEqualTo("IllegalStateException: welcome channel missing");
        assertThat(headers.get(DeadLetterHeaders.EXCEPTION).toString()).isEqualTo("java.lang.IllegalStateException");
        assertThat(headers.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(1);
        assertThat(headers.get(DeadLetterHeaders.SOURCE_QUEUE).toString()).isEqualTo(topology.guildPartitionQueue(0));
    }

    @Test
    void republishedEventTakesEffectOnce() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        startWorker(Handlers.create().memberUpdate(ctx -> runs.incrementAndGet()));
        Envelope update = TestEnvelopes.memberUpdate(GUILD_ID, "7");
        publish(update);
        publish(update);

        await().atMost(Duration.ofSeconds(10)).until(() -> processed("duplicate") == 1);
        assertThat(runs).hasValue(1);
        assertThat(redisKeys.get("evt:" + update.eventId())).isEqualTo("done");
    }

    @Test
    void eventsOfEachGuildAreHandledInTheOrderTheyWerePublished() throws Exception {
        Map<String, List<String>> seen = new ConcurrentHashMap<>();
        startWorker(Handlers.create()
                .memberJoin(ctx -> seen.computeIfAbsent(ctx.guildId(), g -> new CopyOnWriteArrayList<>()).add("join:" + ctx.userId()))
                .memberUpdate(ctx -> seen.computeIfAbsent(ctx.guildId(), g -> new CopyOnWriteArrayList<>()).add("update:" + ctx.userId()))
                .memberLeave(ctx -> seen.computeIfAbsent(ctx.guildId(), g -> new CopyOnWriteArrayList<>()).add("leave:" + ctx.userId())));
        Map<String, List<String>> expected = new ConcurrentHashMap<>();
        for (int user = 0; user < 10; user++) {
            for (int g = 0; g < 10; g++) {
                String guild = Long.toString(800_000_000_000_000_100L + g);
                String u = Integer.toString(user);
                publish(TestEnvelopes.memberJoin(guild, u));
                publish(TestEnvelopes.memberUpdate(guild, u));
                publish(TestEnvelopes.memberLeave(guild, u));
                expected.computeIfAbsent(guild, k -> new ArrayList<>()).addAll(List.of("join:" + u, "update:" + u, "leave:" + u));
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> processed("handled") == 300);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void theGuildQueueOfTheVersionsBeforePartitionsIsDrainedInOrderUntilItIsDeleted() throws Exception {
        // an upgrade: the old single guild queue still holds events published by the previous ingestor
        publisher.queueDeclare(topology.legacyGuildQueue(), true, false, false, new TopologyDeclarer(topology).guildQueueArguments());
        String guild = "800000000000000777";
        List<String> expected = new ArrayList<>();
        for (int user = 0; user < 20; user++) {
            Envelope join = TestEnvelopes.memberJoin(guild, Integer.toString(user));
            publisher.basicPublish("", topology.legacyGuildQueue(), new AMQP.BasicProperties.Builder().deliveryMode(2)
                    .contentType(EnvelopeCodec.CONTENT_TYPE).build(), codec.encode(join));
            expected.add("join:" + user);
        }
        publisher.waitForConfirmsOrDie(5_000);
        List<String> seen = new CopyOnWriteArrayList<>();
        startWorker(Handlers.create().memberJoin(ctx -> seen.add("join:" + ctx.userId())));

        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 20);
        assertThat(seen).isEqualTo(expected);
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.messageCount(topology.legacyGuildQueue()) == 0
                && publisher.consumerCount(topology.legacyGuildQueue()) == 1);
        assertThat(worker.health()).as("not part of readiness").doesNotContainKey(topology.legacyGuildQueue());

        publisher.queueDelete(topology.legacyGuildQueue());
        assertThat(worker.ready()).isTrue();
        // a new event still goes through the partitions
        publish(TestEnvelopes.memberJoin(guild, "20"));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 21);
    }
}
