package community.arrakis.gatewayproxy.broker.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.DeadLetterPublisher;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.InvalidEnvelopeException;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ManualAckConsumer} against the real RabbitMQ: one test per way a delivery can end, each
 * checked on the broker (queue depth, the dead-letter queue and its headers, the redelivered flag).
 * Depth here is the broker's count of ready messages: an unacknowledged delivery is not in it, and
 * closing the consumer's channel puts every unacknowledged one back, so "depth after close" tells
 * whether a delivery was really acknowledged.
 */
class ManualAckConsumerIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    private static final String WORKER_ID = "it-consumer-worker";
    private static final int PREFETCH = 10;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Topology topology = Topology.withPrefix("it-consumer-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(true));
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final AtomicLong sequence = new AtomicLong();
    private final RecordingSink sink = new RecordingSink();
    private final List<ManualAckConsumer> consumers = new ArrayList<>();
    /** Released at tear-down too, so that no test leaves the dispatch thread blocked. */
    private final CountDownLatch release = new CountDownLatch(1);
    private Connection admin;
    private Channel publisher;
    private Connection connection;
    private DeadLetterPublisher deadLetters;
    private ScheduledExecutorService timers;

    @BeforeEach
    void setUp() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "ManualAckConsumerIT-admin");
        declareTopology();
        publisher = admin.createChannel();
        publisher.confirmSelect();
        connection = BrokerConnections.connect(AMQP_URL, "ManualAckConsumerIT");
        deadLetters = new DeadLetterPublisher(connection, topology, WORKER_ID);
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        try {
            consumers.forEach(ManualAckConsumer::close);
            timers.shutdownNow();
            deadLetters.close();
            connection.close();
        } finally {
            declarer.delete(admin);
            admin.close();
        }
    }

    @Test
    void ackedDeliveryLeavesTheQueue() throws Exception {
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        Envelope sent = publish(topology.interactionsQueue());

        Received got = next();
        assertThat(got.envelope()).isEqualTo(sent);
        assertThat(got.delivery().redelivered()).isFalse();
        assertThat(got.delivery().queue()).isEqualTo(topology.interactionsQueue());
        assertThat(got.delivery().settle(Settlement.ACK)).isTrue();
        assertThat(sink.settled).containsExactly("ack");

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
        assertThat(sink.all).hasSize(1);
    }

    @Test
    void requeuedDeliveryComesBackMarkedRedelivered() throws Exception {
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        Envelope sent = publish(topology.interactionsQueue());

        Received first = next();
        assertThat(first.delivery().redelivered()).isFalse();
        first.delivery().settle(new Settlement.Requeue("test"));

        Received again = next();
        assertThat(again.envelope()).isEqualTo(sent);
        assertThat(again.delivery().redelivered()).isTrue();
        again.delivery().settle(Settlement.ACK);
        assertThat(sink.settled).containsExactly("requeue", "ack");

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    @Test
    void deadLetteredDeliveryIsOnTheDeadLetterQueueWithItsHeadersAndLeavesTheSourceQueue() throws Exception {
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        Envelope sent = publish(topology.interactionsQueue());

        Received got = next();
        assertThat(got.delivery().settle(new Settlement.DeadLetter("IllegalStateException: no such member",
                IllegalStateException.class.getName(), 3))).isTrue();

        GetResponse dead = awaitDeadLetter();
        assertThat(codec.decode(dead.getBody())).isEqualTo(sent);
        assertThat(dead.getProps().getMessageId()).isEqualTo(sent.eventId());
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(DeadLetterHeaders.REASON)).hasToString("IllegalStateException: no such member");
        assertThat(headers.get(DeadLetterHeaders.EXCEPTION)).hasToString("java.lang.IllegalStateException");
        assertThat(headers.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(3);
        assertThat(headers.get(DeadLetterHeaders.WORKER)).hasToString(WORKER_ID);
        assertThat(headers.get(DeadLetterHeaders.SOURCE_QUEUE)).hasToString(topology.interactionsQueue());
        assertThat(headers.get("x-test-origin")).as("the original's headers are kept").hasToString("ManualAckConsumerIT");
        assertThat(sink.settled).containsExactly("dead_letter");

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).as("acknowledged after the dead letter was confirmed").isZero();
    }

    @Test
    void messageThatIsNotAnEnvelopeIsDeadLetteredWithTheDecodersReasonAndReported() throws Exception {
        ManualAckConsumer consumer = start(topology.guildPartitionQueue(0), true);
        publishRaw(topology.guildPartitionQueue(0), "{not json".getBytes(StandardCharsets.UTF_8), "raw-1");

        await().atMost(WAIT).until(() -> !sink.undecodable.isEmpty());
        GetResponse dead = awaitDeadLetter();
        assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        Map<String, Object> headers = dead.getProps().getHeaders();
        String reason = headers.get(DeadLetterHeaders.REASON).toString();
        assertThat(reason).startsWith("envelope is not valid JSON");
        assertThat(sink.undecodable).containsExactly(topology.guildPartitionQueue(0) + ": " + reason);
        assertThat(headers.get(DeadLetterHeaders.EXCEPTION)).hasToString(InvalidEnvelopeException.class.getName());
        assertThat(headers.get(DeadLetterHeaders.ATTEMPTS)).isEqualTo(0);
        assertThat(headers.get(DeadLetterHeaders.SOURCE_QUEUE)).hasToString(topology.guildPartitionQueue(0));
        assertThat(sink.all).as("the sink never sees it").isEmpty();

        consumer.close();
        assertThat(depth(topology.guildPartitionQueue(0))).isZero();
    }

    @Test
    void workThatThrowsIsRequeuedOnceAndDeadLetteredWhenItThrowsAgainOnTheRedelivery() throws Exception {
        sink.onAccept = (envelope, delivery) -> Thread.ofVirtual().start(() -> delivery.settleWith(() -> {
            throw new IllegalStateException("handler bug");
        }));
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        Envelope sent = publish(topology.interactionsQueue());

        GetResponse dead = awaitDeadLetter();
        assertThat(sink.all).extracting(r -> r.delivery().redelivered()).containsExactly(false, true);
        assertThat(codec.decode(dead.getBody())).isEqualTo(sent);
        Map<String, Object> headers = dead.getProps().getHeaders();
        assertThat(headers.get(DeadLetterHeaders.REASON))
                .hasToString("unexpected failure, twice: java.lang.IllegalStateException: handler bug");
        assertThat(headers.get(DeadLetterHeaders.EXCEPTION)).hasToString("java.lang.IllegalStateException");
        await().atMost(WAIT).until(() -> sink.settled.size() == 2);
        assertThat(sink.settled).containsExactly("requeue", "dead_letter");

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    @Test
    void sinkThatThrowsOnTheDispatchThreadStillSettlesItsDelivery() throws Exception {
        sink.onAccept = (envelope, delivery) -> {
            throw new IllegalArgumentException("sink bug");
        };
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        publish(topology.interactionsQueue());

        // requeued the first time, dead-lettered when the redelivery throws too
        GetResponse dead = awaitDeadLetter();
        assertThat(sink.all).extracting(r -> r.delivery().redelivered()).containsExactly(false, true);
        assertThat(sink.all).allMatch(r -> r.delivery().settled());
        assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
                .startsWith("unexpected failure, twice: java.lang.IllegalArgumentException: sink bug");
        await().atMost(WAIT).until(() -> sink.settled.size() == 2);
        assertThat(sink.settled).containsExactly("requeue", "dead_letter");
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.CONSUMING);

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    @Test
    void secondSettlementOfADeliveryReturnsFalseAndSendsNothing() throws Exception {
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        Envelope sent = publish(topology.interactionsQueue());

        Received got = next();
        assertThat(got.delivery().settle(Settlement.ACK)).isTrue();
        assertThat(got.delivery().settle(new Settlement.Requeue("too late"))).isFalse();
        assertThat(got.delivery().settle(new Settlement.DeadLetter("too late", "", 1))).isFalse();

        // A nack of the acknowledged tag would have made the broker close the channel (unknown
        // delivery tag), or, had it come first, brought the message back: the next delivery on the
        // same channel is the next message.
        Envelope next = publish(topology.interactionsQueue());
        Received second = next();
        assertThat(second.envelope()).isEqualTo(next).isNotEqualTo(sent);
        assertThat(second.delivery().redelivered()).isFalse();
        assertThat(second.delivery().channel()).isSameAs(got.delivery().channel());
        assertThat(got.delivery().channel().isOpen()).isTrue();
        second.delivery().settle(Settlement.ACK);
        assertThat(sink.settled).containsExactly("ack", "ack");
        assertThat(sink.all).hasSize(2);

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
        assertThat(publisher.messageCount(topology.deadLetterQueue())).isZero();
    }

    @Test
    void returnOnCloseKeepsTheMessageUnacknowledgedUntilCloseThenItIsBackInTheQueue() throws Exception {
        ManualAckConsumer consumer = start(topology.guildPartitionQueue(0), true);
        Envelope sent = publish(topology.guildPartitionQueue(0));

        Received got = next();
        assertThat(got.delivery().settle(Settlement.RETURN_ON_CLOSE)).isTrue();
        assertThat(sink.settled).containsExactly("return_on_close");
        // neither acknowledged nor requeued: not ready in the queue, not delivered again
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> depth(topology.guildPartitionQueue(0)) == 0 && sink.all.size() == 1);

        consumer.close();
        await().atMost(WAIT).until(() -> depth(topology.guildPartitionQueue(0)) == 1);
        GetResponse back = publisher.basicGet(topology.guildPartitionQueue(0), true);
        assertThat(codec.decode(back.getBody())).isEqualTo(sent);
        assertThat(back.getEnvelope().isRedeliver()).isTrue();
    }

    @Test
    void pausedConsumerTakesNoDeliveriesUntilResumed() throws Exception {
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.CONSUMING);
        assertThat(consumer.consuming()).isTrue();

        consumer.pause();
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.PAUSED);
        assertThat(consumer.consuming()).isFalse();
        assertThat(consumerCount(topology.interactionsQueue())).isZero();
        List<Envelope> sent = List.of(publish(topology.interactionsQueue()), publish(topology.interactionsQueue()),
                publish(topology.interactionsQueue()));
        await().during(Duration.ofMillis(300)).atMost(WAIT)
                .until(() -> depth(topology.interactionsQueue()) == 3 && sink.all.isEmpty());

        consumer.resume();
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.CONSUMING);
        assertThat(consumer.consuming()).isTrue();
        await().atMost(WAIT).until(() -> sink.all.size() == 3);
        assertThat(sink.all).extracting(Received::envelope).containsExactlyInAnyOrderElementsOf(sent);
        sink.all.forEach(r -> r.delivery().settle(Settlement.ACK));

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    /**
     * The first delivery holds the dispatch thread until the stop is done, so the three behind it,
     * already sent by the broker, reach the consumer after the stop.
     */
    @Test
    void stoppedUnorderedConsumerRequeuesDeliveriesThatArriveAfterTheStop() throws Exception {
        List<Envelope> sent = List.of(publish(topology.interactionsQueue()), publish(topology.interactionsQueue()),
                publish(topology.interactionsQueue()), publish(topology.interactionsQueue()));
        sink.onAccept = (envelope, delivery) -> awaitRelease();
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false);
        await().atMost(WAIT).until(() -> depth(topology.interactionsQueue()) == 0); // all four sent to us

        consumer.stop();
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.STOPPING);
        assertThat(consumer.stopping()).isTrue();
        assertThat(consumerCount(topology.interactionsQueue())).as("unsubscribed at once").isZero();
        release.countDown();

        await().atMost(WAIT).until(() -> sink.settled.size() == 3);
        assertThat(sink.settled).containsOnly("requeue");
        assertThat(sink.all).hasSize(1);
        await().atMost(WAIT).until(() -> depth(topology.interactionsQueue()) == 3);
        sink.all.getFirst().delivery().settle(Settlement.ACK);

        consumer.close();
        List<GetResponse> back = drain(topology.interactionsQueue());
        assertThat(back).allMatch(got -> got.getEnvelope().isRedeliver());
        assertThat(back).map(got -> codec.decode(got.getBody())).containsExactlyInAnyOrderElementsOf(sent.subList(1, 4));
    }

    @Test
    void stoppedOrderedConsumerHoldsDeliveriesThatArriveAfterTheStopUntilClose() throws Exception {
        List<Envelope> sent = new ArrayList<>(List.of(publish(topology.guildPartitionQueue(0)), publish(topology.guildPartitionQueue(0)),
                publish(topology.guildPartitionQueue(0)), publish(topology.guildPartitionQueue(0))));
        sink.onAccept = (envelope, delivery) -> awaitRelease();
        ManualAckConsumer consumer = start(topology.guildPartitionQueue(0), true);
        await().atMost(WAIT).until(() -> depth(topology.guildPartitionQueue(0)) == 0);

        consumer.stop();
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.STOPPING);
        assertThat(consumerCount(topology.guildPartitionQueue(0))).as("kept until close").isEqualTo(1);
        release.countDown();
        sent.add(publish(topology.guildPartitionQueue(0))); // still delivered here, and held too

        await().atMost(WAIT).until(() -> sink.settled.size() == 4);
        assertThat(sink.settled).containsOnly("return_on_close");
        assertThat(sink.all).hasSize(1);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> depth(topology.guildPartitionQueue(0)) == 0);
        sink.all.getFirst().delivery().settle(Settlement.ACK);

        consumer.close();
        await().atMost(WAIT).until(() -> depth(topology.guildPartitionQueue(0)) == 4);
        assertThat(drain(topology.guildPartitionQueue(0))).map(got -> codec.decode(got.getBody()))
                .containsExactlyElementsOf(sent.subList(1, 5));
    }

    @Test
    void deletedQueueIsDeclaredAgainAndConsumedWithinTwoSeconds() throws Exception {
        AtomicReference<ManualAckConsumer> self = new AtomicReference<>();
        List<ManualAckConsumer.State> statesWhenRedeclaring = new CopyOnWriteArrayList<>();
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false, () -> {
            statesWhenRedeclaring.add(self.get().state()); // the lock is reentrant: the hook runs under it
            declareTopology();
        });
        self.set(consumer);
        publish(topology.interactionsQueue());
        next().delivery().settle(Settlement.ACK);

        try (Channel channel = admin.createChannel()) {
            channel.queueDelete(topology.interactionsQueue());
        }
        await().atMost(Duration.ofSeconds(2))
                .until(() -> !statesWhenRedeclaring.isEmpty() && consumer.state() == ManualAckConsumer.State.CONSUMING);
        assertThat(statesWhenRedeclaring).containsExactly(ManualAckConsumer.State.RESUBSCRIBING);
        assertThat(consumer.consuming()).isTrue();
        assertThat(consumerCount(topology.interactionsQueue())).isEqualTo(1);

        Envelope after = publish(topology.interactionsQueue());
        Received got = next();
        assertThat(got.envelope()).isEqualTo(after);
        got.delivery().settle(Settlement.ACK);

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    /**
     * The client's automatic recovery re-registers the subscriptions it recorded. One the broker
     * cancelled (its queue was deleted) and the consumer renewed, and one paused and resumed, must
     * each come back as one subscription after a connection loss, not as two.
     */
    @Test
    void renewedAndResumedSubscriptionsAreEachOneAfterAConnectionLoss() throws Exception {
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(AMQP_URL);
             Connection proxied = BrokerConnections.connect(proxy.rewrite(AMQP_URL), "ManualAckConsumerIT-proxied")) {
            ManualAckConsumer renewed = ManualAckConsumer.start(proxied, topology.interactionsQueue(), false, PREFETCH,
                    sink, deadLetters, timers, this::declareTopology);
            ManualAckConsumer resumed = ManualAckConsumer.start(proxied, topology.guildPartitionQueue(0), true, PREFETCH,
                    sink, deadLetters, timers, this::declareTopology);
            consumers.add(renewed);
            consumers.add(resumed);
            try (Channel channel = admin.createChannel()) {
                channel.queueDelete(topology.interactionsQueue());
            }
            await().atMost(Duration.ofSeconds(2)).until(() -> renewed.state() == ManualAckConsumer.State.CONSUMING
                    && consumerCount(topology.interactionsQueue()) == 1);
            resumed.pause();
            resumed.resume();

            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> !proxied.isOpen());
            proxy.restore();
            await().atMost(Duration.ofSeconds(5)).until(proxied::isOpen);
            await().atMost(Duration.ofSeconds(2)).until(() -> renewed.consuming() && resumed.consuming());

            assertThat(consumerCount(topology.interactionsQueue())).as("subscriptions to the renewed queue").isEqualTo(1);
            assertThat(consumerCount(topology.guildPartitionQueue(0))).as("subscriptions to the resumed queue").isEqualTo(1);
            Envelope after = publish(topology.interactionsQueue());
            Received got = next();
            assertThat(got.envelope()).isEqualTo(after);
            got.delivery().settle(Settlement.ACK);
            assertThat(sink.received.poll(300, TimeUnit.MILLISECONDS)).as("a second copy").isNull();
        }
    }

    /** A consumer paused (the store went away) while it resubscribes must not start consuming by itself. */
    @Test
    void pauseWhileResubscribingHoldsUntilResume() throws Exception {
        AtomicBoolean declarable = new AtomicBoolean(false);
        AtomicInteger redeclares = new AtomicInteger();
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false, () -> {
            redeclares.incrementAndGet();
            if (!declarable.get()) {
                throw new IllegalStateException("the broker refuses declarations");
            }
            declareTopology();
        });
        try (Channel channel = admin.createChannel()) {
            channel.queueDelete(topology.interactionsQueue());
        }
        await().atMost(WAIT).until(() -> redeclares.get() >= 1);
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.RESUBSCRIBING);

        consumer.pause();
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.PAUSED);
        int redeclaresAtPause = redeclares.get();
        declarable.set(true);
        declareTopology();
        Envelope sent = publish(topology.interactionsQueue());
        // The resubscription pending at the pause was due within RESUBSCRIBE_EVERY: on this
        // single-thread scheduler it has run once this later task has.
        timers.schedule(() -> { }, ManualAckConsumer.RESUBSCRIBE_EVERY.toMillis() + 50, TimeUnit.MILLISECONDS)
                .get(5, TimeUnit.SECONDS);
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.PAUSED);
        assertThat(redeclares).hasValue(redeclaresAtPause);
        assertThat(consumerCount(topology.interactionsQueue())).isZero();
        assertThat(depth(topology.interactionsQueue())).isEqualTo(1);
        assertThat(sink.all).isEmpty();

        consumer.resume();
        Received got = next();
        assertThat(got.envelope()).isEqualTo(sent);
        assertThat(consumer.state()).isEqualTo(ManualAckConsumer.State.CONSUMING);
        got.delivery().settle(Settlement.ACK);

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    @Test
    void channelClosedByAnErrorIsReopenedAndTheUnsettledDeliveryComesBackOnTheNewOne() throws Exception {
        AtomicReference<ManualAckConsumer> self = new AtomicReference<>();
        List<ManualAckConsumer.State> statesWhenRedeclaring = new CopyOnWriteArrayList<>();
        ManualAckConsumer consumer = start(topology.interactionsQueue(), false, () -> {
            statesWhenRedeclaring.add(self.get().state());
            declareTopology();
        });
        self.set(consumer);
        Envelope sent = publish(topology.interactionsQueue());
        Received first = next();

        // Acknowledging a tag the broker never sent is a channel error: it closes the channel.
        first.delivery().channel().basicAck(first.delivery().tag() + 1_000, false);

        await().atMost(Duration.ofSeconds(2))
                .until(() -> !statesWhenRedeclaring.isEmpty() && consumer.state() == ManualAckConsumer.State.CONSUMING);
        assertThat(statesWhenRedeclaring).containsExactly(ManualAckConsumer.State.RESUBSCRIBING);
        assertThat(first.delivery().channel().isOpen()).isFalse();
        Received again = next();
        assertThat(again.envelope()).isEqualTo(sent);
        assertThat(again.delivery().redelivered()).isTrue();
        assertThat(again.delivery().channel()).isNotSameAs(first.delivery().channel());

        // The old delivery's settlement is dropped: its tag means nothing on the new channel.
        assertThat(first.delivery().settle(Settlement.ACK)).isTrue();
        again.delivery().settle(Settlement.ACK);
        Envelope after = publish(topology.interactionsQueue());
        Received third = next();
        assertThat(third.envelope()).isEqualTo(after);
        assertThat(third.delivery().channel()).isSameAs(again.delivery().channel());
        third.delivery().settle(Settlement.ACK);

        consumer.close();
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    /** After a channel error the consumer is on a new channel; a connection loss must not bring the old one's subscription back. */
    @Test
    void subscriptionMovedToANewChannelIsTheOnlyOneAfterAConnectionLoss() throws Exception {
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(AMQP_URL);
             Connection proxied = BrokerConnections.connect(proxy.rewrite(AMQP_URL), "ManualAckConsumerIT-proxied")) {
            ManualAckConsumer consumer = ManualAckConsumer.start(proxied, topology.interactionsQueue(), false, PREFETCH,
                    sink, deadLetters, timers, this::declareTopology);
            consumers.add(consumer);
            publish(topology.interactionsQueue());
            Received first = next();
            first.delivery().channel().basicAck(first.delivery().tag() + 1_000, false); // a channel error
            Received again = next();
            again.delivery().settle(Settlement.ACK);
            await().atMost(Duration.ofSeconds(2)).until(consumer::consuming);

            proxy.cut();
            await().atMost(Duration.ofSeconds(10)).until(() -> !proxied.isOpen());
            proxy.restore();
            await().atMost(Duration.ofSeconds(5)).until(proxied::isOpen);
            await().atMost(Duration.ofSeconds(2)).until(() -> consumer.consuming()
                    && consumerCount(topology.interactionsQueue()) >= 1);

            assertThat(consumerCount(topology.interactionsQueue())).as("subscriptions after the connection loss").isEqualTo(1);
            Envelope after = publish(topology.interactionsQueue());
            Received got = next();
            assertThat(got.envelope()).isEqualTo(after);
            got.delivery().settle(Settlement.ACK);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private ManualAckConsumer start(String queue, boolean ordered) throws IOException {
        return start(queue, ordered, this::declareTopology);
    }

    private ManualAckConsumer start(String queue, boolean ordered, Runnable redeclare) throws IOException {
        ManualAckConsumer consumer = ManualAckConsumer.start(connection, queue, ordered, PREFETCH, sink, deadLetters,
                timers, redeclare);
        consumers.add(consumer);
        return consumer;
    }

    private void declareTopology() {
        try (Channel channel = admin.createChannel()) {
            declarer.declare(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Publishes a new envelope straight to {@code queue}, confirmed. */
    private Envelope publish(String queue) throws Exception {
        long seq = sequence.incrementAndGet();
        Envelope envelope = factory.create(0, "session-it", seq, "GUILD_MEMBER_ADD",
                ("{\"guild_id\":\"42\",\"user\":{\"id\":\"" + (1000 + seq) + "\"}}").getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis(), false).orElseThrow();
        publishRaw(queue, codec.encode(envelope), envelope.eventId());
        return envelope;
    }

    private void publishRaw(String queue, byte[] body, String messageId) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
                .contentType(EnvelopeCodec.CONTENT_TYPE).messageId(messageId)
                .headers(Map.of("x-test-origin", "ManualAckConsumerIT")).build();
        publisher.basicPublish("", queue, true, props, body);
        publisher.waitForConfirmsOrDie(5_000);
    }

    private Received next() throws InterruptedException {
        Received got = sink.received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(got).as("a delivery within " + WAIT).isNotNull();
        return got;
    }

    private GetResponse awaitDeadLetter() throws Exception {
        await().atMost(WAIT).until(() -> depth(topology.deadLetterQueue()) == 1);
        GetResponse dead = publisher.basicGet(topology.deadLetterQueue(), true);
        assertThat(dead).isNotNull();
        return dead;
    }

    private long depth(String queue) throws Exception {
        try (Channel channel = admin.createChannel()) {
            return channel.messageCount(queue);
        }
    }

    private long consumerCount(String queue) throws Exception {
        try (Channel channel = admin.createChannel()) {
            return channel.consumerCount(queue);
        }
    }

    private List<GetResponse> drain(String queue) throws Exception {
        List<GetResponse> messages = new ArrayList<>();
        GetResponse got;
        while ((got = publisher.basicGet(queue, true)) != null) {
            messages.add(got);
        }
        return messages;
    }

    private void awaitRelease() {
        try {
            if (!release.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Received(Envelope envelope, Delivery delivery) {
    }

    private static final class RecordingSink implements EnvelopeSink {
        final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        final List<Received> all = new CopyOnWriteArrayList<>();
        final List<String> undecodable = new CopyOnWriteArrayList<>();
        final List<String> settled = new CopyOnWriteArrayList<>();
        volatile BiConsumer<Envelope, Delivery> onAccept = (envelope, delivery) -> { };

        @Override
        public void accept(Envelope envelope, Delivery delivery) {
            Received got = new Received(envelope, delivery);
            all.add(got);
            received.add(got);
            onAccept.accept(envelope, delivery);
        }

        @Override
        public void undecodable(String queue, String reason) {
            undecodable.add(queue + ": " + reason);
        }

        @Override
        public void settled(String queue, Settlement settlement) {
            settled.add(settlement.label());
        }
    }
}
