package community.arrakis.gatewayproxy.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.testkit.PrivateRabbit;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConfirmingPublisherIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

    /** One guild partition: these tests are about the publisher's order, not where a guild goes. */
    private final Topology topology = Topology.withPrefix("it-publisher-" + UUID.randomUUID().toString().substring(0, 8) + ".")
            .withGuildPartitions(1);
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(true));
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final RecordingListener events = new RecordingListener();
    private final List<String> extraQueues = new ArrayList<>();
    private Connection admin;

    @BeforeEach
    void declare() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "ConfirmingPublisherIT-admin");
        try (Channel channel = admin.createChannel()) {
            declarer.declare(channel);
        }
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Channel channel = admin.createChannel()) {
            for (String queue : extraQueues) {
                channel.queueDelete(queue);
            }
        }
        declarer.delete(admin);
        admin.close();
    }

    @Test
    void confirmedEnvelopeIsPersistentWithItsPriorityIdAndNoHeaders() throws Exception {
        Envelope command = slashCommand("1300000000000000001", "ping");
        try (Connection connection = BrokerConnections.connect(AMQP_URL, "publisher-it");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
            publisher.publish(command).get(5, TimeUnit.SECONDS);
            awaitNothingBuffered(publisher);
        }
        try (Channel channel = admin.createChannel()) {
            GetResponse got = channel.basicGet(topology.interactionsQueue(), true);
            assertThat(got).isNotNull();
            assertThat(got.getEnvelope().getRoutingKey()).isEqualTo("interaction.command.ping");
            assertThat(got.getProps().getDeliveryMode()).isEqualTo(2);
            assertThat(got.getProps().getPriority()).isEqualTo(10);
            assertThat(got.getProps().getMessageId()).isEqualTo("1300000000000000001");
            assertThat(got.getProps().getContentType()).isEqualTo("application/json");
            assertThat(got.getProps().getType()).isEqualTo("interaction.command.ping");
            // schema version and trace id travel in the body only: headers cost the broker CPU per message
            assertThat(got.getProps().getHeaders()).isNull();
            assertThat(codec.decode(got.getBody())).isEqualTo(command);
        }
    }

    @Test
    void unroutableMessageFailsItsFutureAndIsReported() throws Exception {
        // the guild partition is gone: nothing is bound to p00.#
        try (Channel channel = admin.createChannel()) {
            channel.queueDelete(topology.guildPartitionQueue(0));
        }
        Envelope message = envelope("MESSAGE_CREATE", 7, "{\"id\":\"9\",\"channel_id\":\"5\",\"guild_id\":\"4\"}");
        try (Connection connection = BrokerConnections.connect(AMQP_URL, "publisher-it");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
            CompletableFuture<Void> future = publisher.publish(message);
            assertThat(future).failsWithin(Duration.ofSeconds(5))
                    .withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(UnroutableMessageException.class);
            assertThat(events.unroutable).containsExactly(message.eventId());
            // a routable message on the same channel still goes through
            new TopologyDeclarer(topology).declare(admin);
            publisher.publish(memberJoin(8)).get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void deadLetterCarriesTheReasonHeader() throws Exception {
        try (Connection connection = BrokerConnections.connect(AMQP_URL, "publisher-it");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
            publisher.publishDeadLetter(0, "0:s:3", "{not json".getBytes(StandardCharsets.UTF_8),
                    "dispatch data is not valid JSON", Map.of("x-arrakis-dispatch-type", "GUILD_MEMBER_ADD"))
                    .get(5, TimeUnit.SECONDS);
        }
        try (Channel channel = admin.createChannel()) {
            GetResponse got = channel.basicGet(topology.deadLetterQueue(), true);
            assertThat(got).isNotNull();
            assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
            assertThat(got.getProps().getMessageId()).isEqualTo("0:s:3");
            assertThat(got.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
                    .isEqualTo("dispatch data is not valid JSON");
        }
    }

    @Test
    void nackedMessageIsRepublishedUntilTheBrokerTakesIt() throws Exception {
        // A queue that refuses publishes once it holds one message makes the broker nack.
        String full = topology.eventsExchange() + ".full";
        extraQueues.add(full);
        try (Channel channel = admin.createChannel()) {
            channel.queueDeclare(full, true, false, false, Map.of("x-max-length", 1, "x-overflow", "reject-publish"));
            channel.queueBind(full, topology.eventsExchange(), "p00.member.join");
        }
        try (Connection connection = BrokerConnections.connect(AMQP_URL, "publisher-it");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
            publisher.publish(memberJoin(1)).get(5, TimeUnit.SECONDS);
            Envelope second = memberJoin(2);
            CompletableFuture<Void> future = publisher.publish(second);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.republished.contains(second.eventId()));
            assertThat(future).isNotDone();

            try (Channel channel = admin.createChannel()) {
                channel.basicGet(full, true); // make room
            }
            future.get(5, TimeUnit.SECONDS);
        }
        try (Channel channel = admin.createChannel()) {
            GetResponse got = channel.basicGet(full, true);
            assertThat(got.getProps().getMessageId()).isEqualTo("0:session-1:2");
            assertThat(got.getProps().getHeaders()).containsEntry(ConfirmingPublisher.REPUBLISHED_HEADER, true);
        }
    }

    @Test
    void heldAndUnconfirmedMessagesAreRepublishedInOrderAfterTheConnectionIsCut() throws Exception {
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(AMQP_URL);
             Connection connection = BrokerConnections.connect(proxy.rewrite(AMQP_URL), "publisher-it-proxied");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int seq = 1; seq <= 100; seq++) {
                futures.add(publisher.publish(memberJoin(seq)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

            // These reach the broker, but their confirms never come back: unconfirmed at the cut.
            proxy.silenceReplies();
            for (int seq = 101; seq <= 150; seq++) {
                futures.add(publisher.publish(memberJoin(seq)));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> queueDepth(topology.guildPartitionQueue(0)) == 150);
            proxy.cut();
            await().atMost(Duration.ofSeconds(5)).until(() -> !events.lost.isEmpty());
            // Published while the broker is unreachable: held.
            for (int seq = 151; seq <= 200; seq++) {
                futures.add(publisher.publish(memberJoin(seq)));
            }
            assertThat(publisher.buffered()).isEqualTo(100);
            assertThat(futures.get(150)).isNotDone();

            proxy.restore();
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
            awaitNothingBuffered(publisher);
        }

        List<Long> order = new ArrayList<>();
        Set<String> republished = new HashSet<>();
        for (GetResponse got : drainGuildQueue()) {
            Envelope envelope = codec.decode(got.getBody());
            order.add(envelope.sequence());
            if (markedRepublished(got)) {
                republished.add(envelope.eventId());
            }
        }
        Set<Long> expected = new HashSet<>();
        for (long seq = 1; seq <= 200; seq++) {
            expected.add(seq);
        }
        assertThat(new HashSet<>(order)).isEqualTo(expected);
        // The 50 unconfirmed ones arrive twice: once before the cut, once marked republished.
        assertThat(order).hasSize(250);
        assertThat(republished).hasSize(50).allMatch(id -> {
            long seq = Long.parseLong(id.substring(id.lastIndexOf(':') + 1));
            return seq > 100 && seq <= 150;
        });
        // After the cut: the unconfirmed ones first, in order, then the held ones, in order.
        List<Long> afterCut = order.subList(150, 250);
        for (int i = 1; i < afterCut.size(); i++) {
            assertThat(afterCut.get(i)).isGreaterThan(afterCut.get(i - 1));
        }
    }

    /**
     * A resend after a recovery holds the send lock for as long as it takes to write thousands of
     * messages; the gateway's reading thread, shared by many shards, must not wait for it. While
     * another thread holds the lock, publishing returns at once and the messages go out after what
     * that thread sends, in order.
     */
    @Test
    void publishingNeverWaitsForAnotherThreadThatIsSending() throws Exception {
        try (Connection connection = BrokerConnections.connect(AMQP_URL, "publisher-it");
             ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            Thread resender = Thread.ofVirtual().start(() -> publisher.whileSending(() -> {
                futures.add(publisher.publish(memberJoin(1))); // sent by the lock holder itself
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            List<CompletableFuture<Void>> queued = new ArrayList<>();
            try {
                assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                    for (int seq = 2; seq <= 200; seq++) {
                        queued.add(publisher.publish(memberJoin(seq)));
                    }
                }, "publish waited for the thread holding the send lock");
                assertThat(queued).noneMatch(CompletableFuture::isDone);
                assertThat(publisher.buffered()).isGreaterThanOrEqualTo(199); // the first may be confirmed already
            } finally {
                release.countDown();
                resender.join(5_000);
            }
            futures.addAll(queued);
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            awaitNothingBuffered(publisher);
        }
        assertThat(drainGuildQueue()).map(got -> codec.decode(got.getBody()).sequence())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 200).boxed().toList());
    }

    /**
     * A real memory alarm: RabbitMQ blocks every publishing connection. The publisher must hold
     * messages instead of hanging in a socket write (the gateway's reading thread calls it), and
     * send them, in order and exactly once, when the alarm clears. The alarm is raised on a node of
     * this test's own ({@link PrivateRabbit}): the watermark is a node-wide setting, and on the
     * machine's shared node it would block every other client's publishes.
     */
    @Test
    void publishingNeverWaitsWhileTheBrokerBlocksTheConnectionAndHeldMessagesGoOutWhenItUnblocks() throws Exception {
        try (PrivateRabbit rabbit = PrivateRabbit.start();
             Connection privateAdmin = BrokerConnections.connect(rabbit.amqpUrl(), "publisher-it-blocked-admin")) {
            try (Channel channel = privateAdmin.createChannel()) {
                declarer.declare(channel);
            }
            try (Connection connection = BrokerConnections.connect(rabbit.amqpUrl(), "publisher-it-blocked");
                 ConfirmingPublisher publisher = new ConfirmingPublisher(connection, topology, "it", events)) {
                List<CompletableFuture<Void>> futures = new ArrayList<>();
                for (int seq = 1; seq <= 10; seq++) {
                    futures.add(publisher.publish(memberJoin(seq)));
                }
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
                rabbit.memoryAlarm(true);
                // RabbitMQ blocks a connection at its first publish during the alarm
                futures.add(publisher.publish(memberJoin(11)));
                await().atMost(Duration.ofSeconds(20)).until(() -> !publisher.isWritable());
                assertThat(events.lost).anyMatch(reason -> reason.contains("blocked"));

                CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
                    for (int seq = 12; seq <= 60; seq++) {
                        futures.add(publisher.publish(memberJoin(seq)));
                    }
                });
                publishing.get(2, TimeUnit.SECONDS); // would hang in a socket write if it were sent
                assertThat(publisher.buffered()).isEqualTo(50);
                assertThat(futures.get(59)).isNotDone();

                rabbit.memoryAlarm(false);
                CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
                assertThat(publisher.isWritable()).isTrue();
            }
            List<GetResponse> delivered = drainGuildQueue(privateAdmin);
            assertThat(delivered).noneMatch(ConfirmingPublisherIT::markedRepublished);
            assertThat(delivered).map(got -> codec.decode(got.getBody()).sequence())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 60).boxed().toList());
        }
    }

    /** The count goes down just after each future completes, so it may lag the futures by a moment. */
    private static void awaitNothingBuffered(ConfirmingPublisher publisher) {
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.buffered() == 0);
    }

    /** Every message in the guild queue, in queue order, taken off it. */
    private List<GetResponse> drainGuildQueue() throws Exception {
        return drainGuildQueue(admin);
    }

    private List<GetResponse> drainGuildQueue(Connection broker) throws Exception {
        List<GetResponse> messages = new ArrayList<>();
        try (Channel channel = broker.createChannel()) {
            GetResponse got;
            while ((got = channel.basicGet(topology.guildPartitionQueue(0), true)) != null) {
                messages.add(got);
            }
        }
        return messages;
    }

    private long queueDepth(String queue) throws Exception {
        try (Channel channel = admin.createChannel()) {
            return channel.messageCount(queue);
        }
    }

    private Envelope slashCommand(String id, String name) {
        String json = "{\"id\":\"" + id + "\",\"application_id\":\"77\",\"type\":2,\"token\":\"secret-token\","
                + "\"guild_id\":\"42\",\"channel_id\":\"43\",\"member\":{\"user\":{\"id\":\"44\"}},"
                + "\"data\":{\"name\":\"" + name + "\"}}";
        return envelope("INTERACTION_CREATE", 1, json);
    }

    private Envelope memberJoin(long seq) {
        return envelope("GUILD_MEMBER_ADD", seq, "{\"guild_id\":\"42\",\"user\":{\"id\":\"" + (1000 + seq) + "\"}}");
    }

    private Envelope envelope(String type, long seq, String json) {
        return factory.create(0, "session-1", seq, type, json.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis(), false).orElseThrow();
    }

    private static final class RecordingListener implements PublisherListener {
        final List<String> unroutable = new CopyOnWriteArrayList<>();
        final Set<String> republished = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> lost = new CopyOnWriteArrayList<>();
        final AtomicInteger recovered = new AtomicInteger();

        @Override
        public void unroutable(String messageId, String exchange, String routingKey) {
            unroutable.add(messageId);
        }

        @Override
        public void republished(String messageId, int shardId, String why) {
            republished.add(messageId);
        }

        @Override
        public void channelLost(String reason) {
            lost.add(reason);
        }

        @Override
        public void channelRecovered(int resent) {
            recovered.incrementAndGet();
        }
    }

    private static boolean markedRepublished(GetResponse got) {
        Map<String, Object> headers = got.getProps().getHeaders();
        return headers != null && Boolean.TRUE.equals(headers.get(ConfirmingPublisher.REPUBLISHED_HEADER));
    }
}
