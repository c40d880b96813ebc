package community.arrakis.gatewayproxy.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopologyDeclarerIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

    private final Topology topology = Topology.withPrefix("it-topology-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology, false);
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        connection = BrokerConnections.connect(AMQP_URL, "TopologyDeclarerIT");
    }

    @AfterEach
    void cleanUp() throws Exception {
        declarer.delete(connection);
        connection.close();
    }

    @Test
    void verifyReportsEveryMissingObjectBeforeDeclaring() throws Exception {
        assertThat(declarer.verify(connection)).containsExactlyInAnyOrder(
                "exchange " + topology.eventsExchange() + " is missing",
                "exchange " + topology.deadLetterExchange() + " is missing",
                "queue " + topology.interactionsQueue() + " is missing",
                "queue " + topology.guildQueue() + " is missing",
                "queue " + topology.deadLetterQueue() + " is missing");
    }

    @Test
    void declaredTopologyVerifiesCleanAndDeclaringTwiceIsHarmless() throws Exception {
        try (Channel channel = connection.createChannel()) {
            declarer.declare(channel);
            declarer.declare(channel);
        }
        assertThat(declarer.verify(connection)).isEmpty();
    }

    @Test
    void routesByEventTypeAndDeadLettersRejectedMessages() throws Exception {
        try (Channel channel = connection.createChannel()) {
            declarer.declare(channel);
            channel.confirmSelect();
            publish(channel, "interaction.command.ping", "cmd");
            publish(channel, "member.join", "join");
            publish(channel, "guild.leave", "leave");
            publish(channel, "message.create", "not bound without message events");

            channel.waitForConfirmsOrDie(5_000);
            assertThat(channel.messageCount(topology.interactionsQueue())).isEqualTo(1);
            assertThat(channel.messageCount(topology.guildQueue())).isEqualTo(2);

            var delivery = channel.basicGet(topology.interactionsQueue(), false);
            channel.basicReject(delivery.getEnvelope().getDeliveryTag(), false);
            org.awaitility.Awaitility.await().until(() -> channel.messageCount(topology.deadLetterQueue()) == 1);
            assertThat(new String(channel.basicGet(topology.deadLetterQueue(), true).getBody(), StandardCharsets.UTF_8))
                    .isEqualTo("cmd");
        }
    }

    @Test
    void verifyNamesAQueueDeclaredWithOtherArguments() throws Exception {
        try (Channel channel = connection.createChannel()) {
            declarer.declare(channel);
            channel.queueDelete(topology.interactionsQueue());
            channel.queueDeclare(topology.interactionsQueue(), true, false, false, null);
        }
        assertThat(declarer.verify(connection))
                .singleElement().asString()
                .startsWith("queue " + topology.interactionsQueue() + " differs: PRECONDITION_FAILED");
    }

    @Test
    void quorumQueuesSplitInteractionsByPriorityClassAndVerifyClean() throws Exception {
        TopologyDeclarer quorum = new TopologyDeclarer(topology, false, QueueType.QUORUM);
        try (Channel channel = connection.createChannel()) {
            quorum.declare(channel);
            quorum.declare(channel);
            channel.confirmSelect();
            publish(channel, "interaction.command.ping", "cmd");
            publish(channel, "interaction.button", "button");
            publish(channel, "interaction.autocomplete", "autocomplete");
            publish(channel, "interaction.other", "other");
            publish(channel, "member.join", "join");
            channel.waitForConfirmsOrDie(5_000);
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                assertThat(channel.messageCount(topology.interactionsQueue())).isEqualTo(2);
                assertThat(channel.messageCount(quorum.interactionsLowQueue())).isEqualTo(2);
                assertThat(channel.messageCount(topology.guildQueue())).isEqualTo(1);
            });
        }
        assertThat(quorum.interactionQueues()).containsExactly(topology.interactionsQueue(), quorum.interactionsLowQueue());
        assertThat(quorum.verify(connection)).isEmpty();
        quorum.delete(connection);
        assertThat(quorum.verify(connection)).contains("queue " + quorum.interactionsLowQueue() + " is missing");
    }

    @Test
    void aQueueOfTheOtherTypeIsRefusedInPlainWordsNamingTheMigration() throws Exception {
        declarer.declare(connection); // classic
        TopologyDeclarer quorum = new TopologyDeclarer(topology, false, QueueType.QUORUM);
        // declare(Connection): the refused declaration closes its channel, which it throws away
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> quorum.declare(connection))
                .isInstanceOf(QueueTypeMismatchException.class)
                .hasMessageContaining("already exists with another type than quorum")
                .hasMessageContaining("inequivalent arg 'x-queue-type'")
                .hasMessageContaining("topology delete")
                .hasMessageContaining("Moving to quorum queues");
    }

    private void publish(Channel channel, String routingKey, String body) throws Exception {
        AMQP.BasicProperties props = MessageProperties.PERSISTENT_BASIC;
        channel.basicPublish(topology.eventsExchange(), routingKey, props, body.getBytes(StandardCharsets.UTF_8));
    }
}
