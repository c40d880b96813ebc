package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.PublisherListener;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.discord.gateway.GatewayDispatch;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forwarding half of the ingestor, against the real RabbitMQ, fed dispatches directly. */
class DispatchForwarderIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    private static final String SESSION = "session-a";

    private final Topology topology = Topology.withPrefix("it-forwarder-" + UUID.randomUUID().toString().substring(0, 8) + ".")
            .withGuildPartitions(1); // one partition: these tests read what the ingestor published from one queue
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private Connection connection;
    private ConfirmingPublisher publisher;

    @BeforeEach
    void setUp() throws Exception {
        connection = BrokerConnections.connect(AMQP_URL, "DispatchForwarderIT");
        try (Channel channel = connection.createChannel()) {
            declarer.declare(channel);
        }
        publisher = new ConfirmingPublisher(connection, topology, "shard-3", PublisherListener.NONE);
    }

    @AfterEach
    void tearDown() throws Exception {
        publisher.close();
        declarer.delete(connection);
        connection.close();
    }

    @Test
    void slashCommandsAndMemberJoinsArriveAsEnvelopesOnTheirQueues() throws Exception {
        DispatchForwarder forwarder = forwarder(type -> true);
        forwarder.startSession(new ResumeState(SESSION, "wss://resume.example", 1));
        String interactionJson = "{\"id\":\"1300000000000000042\",\"application_id\":\"77\",\"type\":2,"
                + "\"token\":\"tok-abc\",\"guild_id\":\"42\",\"channel_id\":\"43\","
                + "\"member\":{\"user\":{\"id\":\"44\"}},\"data\":{\"name\":\"ping\"}}";
        String joinJson = "{\"guild_id\":\"42\",\"user\":{\"id\":\"555\"},\"roles\":[]}";
        forwarder.forward(dispatch(2, "INTERACTION_CREATE", interactionJson));
        forwarder.forward(dispatch(3, "TYPING_START", "{\"channel_id\":\"1\"}")); // not routed
        forwarder.forward(dispatch(4, "GUILD_MEMBER_ADD", joinJson));

        await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.checkpoint().orElseThrow().sequence() == 4);

        try (Channel channel = connection.createChannel()) {
            GetResponse command = channel.basicGet(topology.interactionsQueue(), true);
            Envelope interaction = codec.decode(command.getBody());
            assertThat(interaction.eventId()).isEqualTo("1300000000000000042");
            assertThat(interaction.eventType()).isEqualTo("interaction.command.ping");
            assertThat(interaction.priority()).isEqualTo(10);
            assertThat(command.getProps().getPriority()).isEqualTo(10);
            assertThat(interaction.guildId()).isEqualTo("42");
            assertThat(interaction.userId()).isEqualTo("44");
            assertThat(interaction.interactionToken()).isEqualTo("tok-abc");
            assertThat(interaction.shardId()).isEqualTo(3);
            assertThat(interaction.sequence()).isEqualTo(2);
            assertThat(interaction.payload()).isEqualTo(interactionJson);

            Envelope join = codec.decode(channel.basicGet(topology.guildPartitionQueue(0), true).getBody());
            assertThat(join.eventId()).isEqualTo("3:" + SESSION + ":4");
            assertThat(join.eventType()).isEqualTo("member.join");
            assertThat(join.priority()).isEqualTo(5);
            assertThat(join.userId()).isEqualTo("555");
            assertThat(join.payload()).isEqualTo(joinJson);
            assertThat(channel.messageCount(topology.guildPartitionQueue(0))).isZero();
        }
        assertThat(registry.counter(IngestorMetrics.EVENTS_PUBLISHED, "shard", "3", "type", "member.join").count()).isEqualTo(1);
        assertThat(registry.counter(IngestorMetrics.EVENTS_RECEIVED, "shard", "3", "type", "TYPING_START").count()).isEqualTo(1);
    }

    @Test
    void malformedDispatchIsDeadLetteredWithItsReasonAndTheShardGoesOn() throws Exception {
        DispatchForwarder forwarder = forwarder(type -> true);
        forwarder.startSession(new ResumeState(SESSION, null, 1));
        forwarder.forward(dispatch(2, "GUILD_MEMBER_ADD", "[\"not an object\"]"));
        forwarder.forward(dispatch(3, "GUILD_MEMBER_ADD", "{\"guild_id\":\"42\",\"user\":{\"id\":\"9\"}}"));

        await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.checkpoint().orElseThrow().sequence() == 3);
        try (Channel channel = connection.createChannel()) {
            GetResponse dead = channel.basicGet(topology.deadLetterQueue(), true);
            assertThat(dead).isNotNull();
            assertThat(new String(dead.getBody(), StandardCharsets.UTF_8)).isEqualTo("[\"not an object\"]");
            assertThat(dead.getProps().getMessageId()).isEqualTo("3:" + SESSION + ":2");
            assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
                    .contains("not a JSON object");
            assertThat(dead.getProps().getHeaders().get(DispatchForwarder.DISPATCH_TYPE_HEADER).toString())
                    .isEqualTo("GUILD_MEMBER_ADD");
            assertThat(channel.messageCount(topology.guildPartitionQueue(0))).isEqualTo(1);
        }
    }

    @Test
    void unroutableEnvelopeEndsUpInTheDeadLetterQueueInsteadOfVanishing() throws Exception {
        // the guild partition is gone: nothing is bound to p00.#
        try (Channel channel = connection.createChannel()) {
            channel.queueDelete(topology.guildPartitionQueue(0));
        }
        DispatchForwarder forwarder = new DispatchForwarder(3, new ShardPublisher(3, publisher), new EnvelopeFactory(new RoutingTable(true)),
                type -> true, new IngestorMetrics(registry));
        forwarder.startSession(new ResumeState(SESSION, null, 1));
        forwarder.forward(dispatch(2, "MESSAGE_CREATE", "{\"id\":\"1\",\"channel_id\":\"2\",\"guild_id\":\"42\",\"author\":{\"id\":\"7\"}}"));

        await().atMost(Duration.ofSeconds(5)).until(() -> forwarder.checkpoint().orElseThrow().sequence() == 2);
        try (Channel channel = connection.createChannel()) {
            GetResponse dead = channel.basicGet(topology.deadLetterQueue(), true);
            assertThat(dead).isNotNull();
            assertThat(codec.decode(dead.getBody()).eventType()).isEqualTo("message.create");
            assertThat(dead.getProps().getHeaders().get(DeadLetterHeaders.REASON).toString())
                    .startsWith("unroutable");
        }
        assertThat(registry.counter(IngestorMetrics.EVENTS_UNROUTABLE, "shard", "3", "routing_key", "message.create").count())
                .isEqualTo(1);
    }

    @Test
    void allowListSkipsOtherTypesButTheirSequencesStillCountAsSafe() throws Exception {
        DispatchForwarder forwarder = forwarder(Set.of("INTERACTION_CREATE")::contains);
        forwarder.startSession(new ResumeState(SESSION, null, 1));
        List<Long> sequences = new ArrayList<>();
        for (long seq = 2; seq <= 6; seq++) {
            forwarder.forward(dispatch(seq, "GUILD_MEMBER_ADD", "{\"guild_id\":\"42\",\"user\":{\"id\":\"9\"}}"));
            sequences.add(seq);
        }
        assertThat(forwarder.checkpoint().orElseThrow().sequence()).isEqualTo(6);
        try (Channel channel = connection.createChannel()) {
            assertThat(channel.messageCount(topology.guildPartitionQueue(0))).isZero();
        }
    }

    private DispatchForwarder forwarder(java.util.function.Predicate<String> allowList) {
        return new DispatchForwarder(3, new ShardPublisher(3, publisher), new EnvelopeFactory(new RoutingTable(false)), allowList,
                new IngestorMetrics(registry));
    }

    private static GatewayDispatch dispatch(long seq, String type, String json) {
        return new GatewayDispatch(3, SESSION, seq, type, json.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis(), System.nanoTime(), false);
    }
}
