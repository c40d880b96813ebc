package community.arrakis.gatewayproxy.broker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.DeadLetterPublisher;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DeadLetterQueue} against the real RabbitMQ: what it reads, that reading changes neither
 * the order nor the content of the queue, and that a replay or a removal takes exactly the chosen
 * dead letters, checked by draining the queues afterwards.
 */
class DeadLetterQueueIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    private static final String GUILD_A = "41771983444115456";
    private static final String GUILD_B = "41771983444115999";

    private final String prefix = "it-dlq-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    /** One guild partition, so every replayed guild event lands in one queue (DlqCommandIT replays across several). */
    private final Topology topology = Topology.withPrefix(prefix).withGuildPartitions(1);
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(true));
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final AtomicLong sequence = new AtomicLong();
    private final Instant now = Instant.now();
    /** What was dead-lettered, in order: the body and the reason header (none when RabbitMQ did it). */
    private final List<Published> published = new ArrayList<>();
    private Connection admin;
    private Channel channel;
    private DeadLetterPublisher worker;
    private Connection tool;
    private DeadLetterQueue dlq;

    @BeforeEach
    void setUp() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "DeadLetterQueueIT-admin");
        channel = admin.createChannel();
        declarer.declare(channel);
        channel.confirmSelect();
        worker = new DeadLetterPublisher(admin, topology, "it-dlq-worker");
        tool = BrokerConnections.connectWithoutRecovery(AMQP_URL, "DeadLetterQueueIT-tool");
        dlq = new DeadLetterQueue(tool, topology, Clock.fixed(now, ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            worker.close();
            tool.close();
        } finally {
            declarer.delete(admin);
            admin.close();
        }
    }

    @Test
    void readingTheQueueLeavesEveryMessageInItsPlaceWithItsContent() throws Exception {
        deadLetter(memberJoin(GUILD_A), "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        deadLetter(slashCommand("ping"), "IllegalStateException: no ping today", topology.interactionsQueue());
        notAnEnvelope("{\"guild_id\":\"" + GUILD_B + "\",\"user\":", "invalid dispatch: payload is not valid JSON");
        deadLetter(memberLeave(GUILD_B), "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        rejectedByTheQueue(slashCommand("roll"));
        deadLetter(memberJoin(GUILD_B), "RetryLaterException: Redis timed out", topology.guildPartitionQueue(0));

        try (Selection everything = dlq.select(DeadLetterFilter.all(), 100)) {
            assertThat(everything.examined()).isEqualTo(6);
            assertThat(everything.selected()).extracting(DeadLetter::position).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(everything.selected()).extracting(l -> l.eventType().orElse("-")).containsExactly(
                    "member.join", "interaction.command.ping", "-", "member.leave", "interaction.command.roll", "member.join");
            assertThat(everything.matchedByReason()).containsExactly(
                    Map.entry("IllegalStateException: the spice must flow", 2),
                    Map.entry("IllegalStateException: no ping today", 1),
                    Map.entry("invalid dispatch: payload is not valid JSON", 1),
                    Map.entry("dead-lettered by RabbitMQ: rejected in " + topology.interactionsQueue(), 1),
                    Map.entry("RetryLaterException: Redis timed out", 1));
        }
        try (Selection some = dlq.select(DeadLetterFilter.all().reason("spice"), 1)) {
            assertThat(some.matched()).isEqualTo(2);
            assertThat(some.selected()).extracting(DeadLetter::position).containsExactly(1);
        }

        List<GetResponse> after = drain(topology.deadLetterQueue());
        assertThat(after).hasSize(published.size());
        for (int i = 0; i < published.size(); i++) {
            assertThat(after.get(i).getBody()).as("body at %d", i + 1).isEqualTo(published.get(i).body());
            Object reason = after.get(i).getProps().getHeaders().get(DeadLetterHeaders.REASON);
            assertThat(reason == null ? null : reason.toString()).as("reason at %d", i + 1).isEqualTo(published.get(i).reason());
        }
        assertThat(after.get(4).getProps().getHeaders()).containsKey(DeadLetterHeaders.X_DEATH);
    }

    @Test
    void whatEachKindOfDeadLetterSaysIsRead() throws Exception {
        Envelope join = memberJoin(GUILD_A);
        deadLetter(join, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        notAnEnvelope("{\"guild_id\":\"" + GUILD_B + "\",\"user\":", "invalid dispatch: payload is not valid JSON");
        Envelope roll = slashCommand("roll");
        rejectedByTheQueue(roll);

        try (Selection all = dlq.select(DeadLetterFilter.all(), 100)) {
            DeadLetter worker = all.selected().get(0);
            assertThat(worker.envelope()).contains(join);
            assertThat(worker.eventId()).contains(join.eventId());
            assertThat(worker.guildId()).contains(GUILD_A);
            assertThat(worker.routingKey()).contains("member.join");
            assertThat(worker.attempts()).contains(1);
            assertThat(worker.worker()).contains("it-dlq-worker");
            assertThat(worker.sourceQueue()).contains(topology.guildPartitionQueue(0));
            assertThat(worker.exception()).contains("java.lang.IllegalStateException");
            assertThat(worker.deadLetteredAt().orElseThrow()).isBetween(now.minusSeconds(60), Instant.now());
            assertThat(worker.replays()).isZero();

            DeadLetter ingestor = all.selected().get(1);
            assertThat(ingestor.envelope()).isEmpty();
            assertThat(ingestor.notAnEnvelope().orElseThrow()).contains("not valid JSON");
            assertThat(ingestor.dispatchType()).contains("GUILD_MEMBER_ADD");
            assertThat(ingestor.routingKey()).isEmpty();
            assertThat(ingestor.eventId()).contains("0:it-session:99");

            DeadLetter rabbit = all.selected().get(2);
            assertThat(rabbit.reason()).isEqualTo("dead-lettered by RabbitMQ: rejected in " + topology.interactionsQueue());
            assertThat(rabbit.routingKey()).contains("interaction.command.roll");
            assertThat(rabbit.sourceQueue()).contains(topology.interactionsQueue());
            assertThat(rabbit.deadLetteredAt().orElseThrow()).isBetween(now.minusSeconds(60), Instant.now().plusSeconds(1));
            assertThat(rabbit.isInteraction()).isTrue();
        }
    }

    @Test
    void removeTakesOnlyTheChosenAndTheRestKeepTheirOrderAheadOfNewArrivals() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String guild : List.of(GUILD_A, GUILD_B, GUILD_A, GUILD_B, GUILD_A)) {
            Envelope join = memberJoin(guild);
            ids.add(join.eventId());
            deadLetter(join, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        }

        try (Selection guildB = dlq.select(DeadLetterFilter.all().guild(GUILD_B), 100)) {
            assertThat(guildB.selected()).extracting(DeadLetter::position).containsExactly(2, 4);
            Envelope arrived = memberJoin(GUILD_B);
            ids.add(arrived.eventId());
            deadLetter(arrived, "IllegalStateException: arrived while held", topology.guildPartitionQueue(0));
            assertThat(guildB.remove()).isEqualTo(2);
        }

        assertThat(eventIds(drain(topology.deadLetterQueue())))
                .containsExactly(ids.get(0), ids.get(2), ids.get(4), ids.get(5));
    }

    @Test
    void whenASelectionClosesTheQueueCountsEveryMessageItGaveBackInOrder() throws Exception {
        int count = 3_000;
        for (int i = 0; i < count; i++) {
            Map<String, Object> headers = Map.of(DeadLetterHeaders.REASON, i % 2 == 0 ? "even" : "odd");
            channel.basicPublish(topology.deadLetterExchange(), Topology.DEAD_LETTER_ROUTING_KEY, true,
                    new AMQP.BasicProperties.Builder().deliveryMode(2).messageId("m" + i).headers(headers).build(),
                    new byte[1_000]);
        }
        channel.waitForConfirmsOrDie(30_000);

        try (Selection even = dlq.select(DeadLetterFilter.all().reason("even"), count)) {
            assertThat(even.remove()).isEqualTo(count / 2);
        }

        // No waiting here: RabbitMQ requeues what a closed channel held only after the close, and
        // after acknowledgements among them that takes long enough to be seen.
        assertThat(depth(topology.deadLetterQueue())).isEqualTo(count / 2);
        List<String> odd = new ArrayList<>();
        for (int i = 1; i < count; i += 2) {
            odd.add("m" + i);
        }
        assertThat(eventIds(drain(topology.deadLetterQueue()))).isEqualTo(odd);
    }

    @Test
    void replayPublishesToTheOriginalRoutingKeyMarkedAndOnlyThenRemovesTheDeadLetter() throws Exception {
        Envelope join = memberJoin(GUILD_A);
        Envelope ping = slashCommand("ping");
        Envelope leave = memberLeave(GUILD_B);
        deadLetter(join, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        deadLetter(ping, "IllegalStateException: no ping today", topology.interactionsQueue());
        deadLetter(leave, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));

        ReplayResult result;
        try (Selection members = dlq.select(DeadLetterFilter.all().eventType("member.*"), 100)) {
            result = members.replay();
        }

        assertThat(result.replayed()).extracting(l -> l.eventId().orElseThrow()).containsExactly(join.eventId(), leave.eventId());
        assertThat(result.left()).isEmpty();
        assertThat(result.stoppedBy()).isEmpty();
        List<GetResponse> replayed = drain(topology.guildPartitionQueue(0));
        assertThat(replayed).hasSize(2);
        assertThat(codec.decode(replayed.get(0).getBody())).isEqualTo(join);
        assertThat(codec.decode(replayed.get(1).getBody())).isEqualTo(leave);
        for (GetResponse message : replayed) {
            assertThat(message.getEnvelope().getExchange()).isEqualTo(topology.eventsExchange());
            AMQP.BasicProperties props = message.getProps();
            assertThat(props.getHeaders().get(DeadLetterHeaders.REPLAYS)).isEqualTo(1);
            assertThat(((Number) props.getHeaders().get(DeadLetterHeaders.REPLAYED_AT)).longValue()).isEqualTo(now.toEpochMilli());
            assertThat(props.getHeaders()).doesNotContainKeys(DeadLetterHeaders.REASON, DeadLetterHeaders.ATTEMPTS,
                    DeadLetterHeaders.WORKER, DeadLetterHeaders.SOURCE_QUEUE, DeadLetterHeaders.DEAD_LETTERED_AT);
            assertThat(props.getPriority()).isEqualTo(5);
            assertThat(props.getDeliveryMode()).isEqualTo(2);
            assertThat(props.getContentType()).isEqualTo(EnvelopeCodec.CONTENT_TYPE);
        }
        assertThat(replayed.get(0).getEnvelope().getRoutingKey()).isEqualTo("p00.member.join");
        assertThat(replayed.get(1).getEnvelope().getRoutingKey()).isEqualTo("p00.member.leave");
        assertThat(depth(topology.interactionsQueue())).isZero();
        assertThat(eventIds(drain(topology.deadLetterQueue()))).containsExactly(ping.eventId());
    }

    @Test
    void aReplayThatFailsAgainIsCountedOnAtTheNextReplay() throws Exception {
        Envelope join = memberJoin(GUILD_A);
        deadLetter(join, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        try (Selection first = dlq.select(DeadLetterFilter.all(), 100)) {
            first.replay();
        }
        GetResponse replayed = channel.basicGet(topology.guildPartitionQueue(0), true);
        worker.publish(replayed.getBody(), replayed.getProps(), topology.guildPartitionQueue(0), "IllegalStateException: still no spice",
                "java.lang.IllegalStateException", 1); // what a worker does when it fails again

        try (Selection second = dlq.select(DeadLetterFilter.all(), 100)) {
            assertThat(second.selected().get(0).replays()).isEqualTo(1);
            assertThat(second.selected().get(0).reason()).isEqualTo("IllegalStateException: still no spice");
            second.replay();
        }
        GetResponse again = channel.basicGet(topology.guildPartitionQueue(0), true);
        assertThat(again.getProps().getHeaders().get(DeadLetterHeaders.REPLAYS)).isEqualTo(2);
        assertThat(codec.decode(again.getBody())).isEqualTo(join);
    }

    @Test
    void aDeadLetterRabbitMqMadeIsReplayedToTheRoutingKeyItRecorded() throws Exception {
        Envelope roll = slashCommand("roll");
        rejectedByTheQueue(roll);

        ReplayResult result;
        try (Selection all = dlq.select(DeadLetterFilter.all(), 100)) {
            result = all.replay();
        }

        assertThat(result.replayed()).hasSize(1);
        GetResponse replayed = channel.basicGet(topology.interactionsQueue(), true);
        assertThat(replayed.getEnvelope().getRoutingKey()).isEqualTo("interaction.command.roll");
        assertThat(replayed.getProps().getPriority()).isEqualTo(10);
        assertThat(replayed.getProps().getHeaders()).doesNotContainKey(DeadLetterHeaders.X_DEATH)
                .containsEntry(DeadLetterHeaders.REPLAYS, 1);
        assertThat(codec.decode(replayed.getBody())).isEqualTo(roll);
        assertThat(depth(topology.deadLetterQueue())).isZero();
    }

    @Test
    void whatCannotBeReplayedStaysInItsPlaceAndSaysWhy() throws Exception {
        Envelope join = memberJoin(GUILD_A);
        Envelope message = slashCommand("roll"); // its queue is deleted below: no queue is bound to interaction.#
        deadLetter(join, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        notAnEnvelope("{\"guild_id\":\"" + GUILD_B + "\",\"user\":", "invalid dispatch: payload is not valid JSON");
        deadLetter(message, "IllegalStateException: no dice", topology.interactionsQueue());
        channel.queueDelete(topology.interactionsQueue());
        Envelope last = memberJoin(GUILD_B);
        deadLetter(last, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));

        ReplayResult result;
        try (Selection all = dlq.select(DeadLetterFilter.all(), 100)) {
            result = all.replay();
        }

        assertThat(result.replayed()).extracting(l -> l.eventId().orElseThrow()).containsExactly(join.eventId(), last.eventId());
        assertThat(result.left()).extracting(left -> left.letter().position()).containsExactly(2, 3);
        assertThat(result.left().get(0).why()).startsWith("not an envelope");
        assertThat(result.left().get(1).why()).isEqualTo("no queue is bound to routing key interaction.command.roll on "
                + topology.eventsExchange() + " (the topology is missing a binding)");
        assertThat(result.stoppedBy()).isEmpty();
        List<GetResponse> stayed = drain(topology.deadLetterQueue());
        assertThat(stayed).hasSize(2);
        assertThat(stayed.get(0).getProps().getHeaders().get(DeadLetterHeaders.REASON).toString()).startsWith("invalid dispatch");
        assertThat(codec.decode(stayed.get(1).getBody())).isEqualTo(message);
        assertThat(stayed.get(1).getProps().getHeaders()).doesNotContainKey(DeadLetterHeaders.REPLAYS);
        assertThat(depth(topology.guildPartitionQueue(0))).isEqualTo(2);
    }

    @Test
    void agesCountFromWhenTheMessageWasDeadLetteredAndAnUndatedOneMatchesNoAge() throws Exception {
        Envelope threeHours = memberJoin(GUILD_A);
        Envelope halfHour = memberJoin(GUILD_A);
        Envelope oneMinute = memberJoin(GUILD_A);
        deadLetterAt(threeHours, now.minus(Duration.ofHours(3)));
        deadLetterAt(halfHour, now.minus(Duration.ofMinutes(30)));
        deadLetterAt(oneMinute, now.minus(Duration.ofMinutes(1)));
        publishToDeadLetterExchange("{}".getBytes(StandardCharsets.UTF_8), new AMQP.BasicProperties.Builder()
                .messageId("0:it-session:99").headers(Map.of(DeadLetterHeaders.REASON, "invalid dispatch: no time recorded"))
                .build()); // not an envelope, and written before dead letters carried their time

        assertThat(eventIdsOf(DeadLetterFilter.all().olderThan(Duration.ofHours(1)))).containsExactly(threeHours.eventId());
        assertThat(eventIdsOf(DeadLetterFilter.all().newerThan(Duration.ofHours(1))))
                .containsExactly(halfHour.eventId(), oneMinute.eventId());
        assertThat(eventIdsOf(DeadLetterFilter.all().olderThan(Duration.ofMinutes(10)).newerThan(Duration.ofHours(1))))
                .containsExactly(halfHour.eventId());
        assertThat(eventIdsOf(DeadLetterFilter.all())).hasSize(4);
    }

    @Test
    void aTopologyWithoutADeadLetterQueueIsNamedAndNothingHappens() throws Exception {
        DeadLetterQueue elsewhere = new DeadLetterQueue(tool, Topology.withPrefix("it-dlq-missing-" + UUID.randomUUID() + "."),
                Clock.systemUTC());

        assertThatThrownBy(() -> elsewhere.select(DeadLetterFilter.all(), 10))
                .isInstanceOf(QueueNotFoundException.class)
                .hasMessage("queue " + elsewhere.name() + " does not exist on this broker");
        assertThat(tool.isOpen()).isTrue();
    }

    @Test
    void aReplayWithoutTheEventsExchangeChangesNothing() throws Exception {
        Envelope join = memberJoin(GUILD_A);
        deadLetter(join, "IllegalStateException: the spice must flow", topology.guildPartitionQueue(0));
        channel.exchangeDelete(topology.eventsExchange());

        try (Selection all = dlq.select(DeadLetterFilter.all(), 100)) {
            assertThatThrownBy(all::replay).isInstanceOf(QueueNotFoundException.class)
                    .hasMessage("exchange " + topology.eventsExchange() + " does not exist on this broker");
        }
        assertThat(eventIds(drain(topology.deadLetterQueue()))).containsExactly(join.eventId());
    }

    // --- dead letters made the ways the proxy makes them ---

    /** As the worker does: {@link DeadLetterPublisher}, the envelope's properties as the ingestor publishes them. */
    private void deadLetter(Envelope envelope, String reason, String sourceQueue) throws Exception {
        byte[] body = codec.encode(envelope);
        worker.publish(body, ingestorProperties(envelope).build(), sourceQueue, reason, "java.lang.IllegalStateException", 1);
        published.add(new Published(body, reason));
    }

    /** A worker's dead letter written at {@code at}. */
    private void deadLetterAt(Envelope envelope, Instant at) throws Exception {
        Map<String, Object> headers = new HashMap<>();
        headers.put(DeadLetterHeaders.REASON, "IllegalStateException: the spice must flow");
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, at.toEpochMilli());
        publishToDeadLetterExchange(codec.encode(envelope), new AMQP.BasicProperties.Builder().deliveryMode(2)
                .messageId(envelope.eventId()).type(envelope.eventType()).headers(headers).build());
    }

    /** As the ingestor does with a dispatch whose {@code d} is not JSON. */
    private void notAnEnvelope(String body, String reason) throws Exception {
        Map<String, Object> headers = new HashMap<>();
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, System.currentTimeMillis());
        headers.put(DeadLetterHeaders.DISPATCH_TYPE, "GUILD_MEMBER_ADD");
        headers.put(DeadLetterHeaders.SHARD, 0);
        headers.put(DeadLetterHeaders.SEQUENCE, 99L);
        publishToDeadLetterExchange(body.getBytes(StandardCharsets.UTF_8), new AMQP.BasicProperties.Builder()
                .deliveryMode(2).contentType(EnvelopeCodec.CONTENT_TYPE).messageId("0:it-session:99").headers(headers).build());
        published.add(new Published(body.getBytes(StandardCharsets.UTF_8), reason));
    }

    /** As RabbitMQ does when a worker could not publish its dead letter and rejected the delivery. */
    private void rejectedByTheQueue(Envelope interaction) throws Exception {
        int before = depth(topology.deadLetterQueue());
        byte[] body = codec.encode(interaction);
        channel.basicPublish(topology.eventsExchange(), interaction.eventType(), true,
                ingestorProperties(interaction).build(), body);
        channel.waitForConfirmsOrDie(5_000);
        GetResponse got = channel.basicGet(topology.interactionsQueue(), false);
        channel.basicReject(got.getEnvelope().getDeliveryTag(), false);
        await().atMost(Duration.ofSeconds(5)).until(() -> depth(topology.deadLetterQueue()) == before + 1);
        published.add(new Published(body, null));
    }

    private static AMQP.BasicProperties.Builder ingestorProperties(Envelope envelope) {
        return new AMQP.BasicProperties.Builder().contentType(EnvelopeCodec.CONTENT_TYPE).deliveryMode(2)
                .priority(envelope.priority()).messageId(envelope.eventId()).type(envelope.eventType());
    }

    private void publishToDeadLetterExchange(byte[] body, AMQP.BasicProperties props) throws Exception {
        channel.basicPublish(topology.deadLetterExchange(), Topology.DEAD_LETTER_ROUTING_KEY, true, props, body);
        channel.waitForConfirmsOrDie(5_000);
    }

    private Envelope memberJoin(String guild) {
        return dispatch("GUILD_MEMBER_ADD", "{\"guild_id\":\"" + guild + "\",\"user\":{\"id\":\"80351110224678912\"}}");
    }

    private Envelope memberLeave(String guild) {
        return dispatch("GUILD_MEMBER_REMOVE", "{\"guild_id\":\"" + guild + "\",\"user\":{\"id\":\"80351110224678912\"}}");
    }

    private Envelope messageCreate(String guild) {
        return dispatch("MESSAGE_CREATE", "{\"id\":\"1300000000000000077\",\"guild_id\":\"" + guild
                + "\",\"channel_id\":\"41771983444115457\",\"author\":{\"id\":\"80351110224678912\"},\"content\":\"hi\"}");
    }

    private Envelope slashCommand(String name) {
        long id = 1_300_000_000_000_000_000L + sequence.incrementAndGet();
        return dispatch("INTERACTION_CREATE", ("{\"id\":\"%d\",\"application_id\":\"1100000000000000000\",\"type\":2,"
                + "\"token\":\"interaction-token-%d\",\"guild_id\":\"%s\",\"channel_id\":\"41771983444115457\","
                + "\"member\":{\"user\":{\"id\":\"80351110224678912\"}},\"data\":{\"id\":\"900\",\"name\":\"%s\",\"type\":1}}")
                .formatted(id, id, GUILD_A, name));
    }

    private Envelope dispatch(String type, String data) {
        long seq = sequence.incrementAndGet();
        return factory.create(0, "it-session", seq, type, data.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis(), false).orElseThrow();
    }

    // --- reading the broker back ---

    private List<String> eventIdsOf(DeadLetterFilter filter) throws Exception {
        try (Selection selection = dlq.select(filter, 100)) {
            return selection.selected().stream().map(l -> l.eventId().orElse("-")).toList();
        }
    }

    private int depth(String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /** Takes every message of {@code queue}, in order. */
    private List<GetResponse> drain(String queue) throws Exception {
        List<GetResponse> all = new ArrayList<>();
        GetResponse got;
        while ((got = channel.basicGet(queue, true)) != null) {
            all.add(got);
        }
        return all;
    }

    private record Published(byte[] body, String reason) {
    }

    private static List<String> eventIds(List<GetResponse> messages) {
        return messages.stream().map(m -> m.getProps().getMessageId()).toList();
    }
}
