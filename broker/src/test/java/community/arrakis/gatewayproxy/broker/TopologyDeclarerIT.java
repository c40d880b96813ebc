package community.arrakis.gatewayproxy.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopologyDeclarerIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");

    private final Topology topology = Topology.withPrefix("it-topology-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
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
        List<String> expected = new ArrayList<>(List.of(
                "exchange " + topology.eventsExchange() + " is missing",
                "exchange " + topology.deadLetterExchange() + " is missing",
                "queue " + topology.interactionsQueue() + " is missing",
                "queue " + topology.deadLetterQueue() + " is missing"));
        topology.guildPartitionQueues().forEach(q -> expected.add("queue " + q + " is missing"));
        assertThat(declarer.verify(connection)).containsExactlyInAnyOrderElementsOf(expected);
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
            publish(channel, "p03.member.join", "join");
            publish(channel, "p03.guild.leave", "leave");
            publish(channel, "p07.message.create", "message");
            publish(channel, "member.join", "the pre-partition key: no partition takes it");

            channel.waitForConfirmsOrDie(5_000);
            assertThat(channel.messageCount(topology.interactionsQueue())).isEqualTo(1);
            assertThat(channel.messageCount(topology.guildPartitionQueue(3))).isEqualTo(2);
            assertThat(channel.messageCount(topology.guildPartitionQueue(7))).isEqualTo(1);
            for (int p : new int[] {0, 1, 2, 4, 5, 6}) {
                assertThat(channel.messageCount(topology.guildPartitionQueue(p))).as("partition %d", p).isZero();
            }

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
    void aProcessWithFewerPartitionsThanTheBrokerHasRefusesToDeclareAndSaysWhy() throws Exception {
        new TopologyDeclarer(topology.withGuildPartitions(12)).declare(connection); // say, the ingestor with 12

        assertThatThrownBy(() -> declarer.declare(connection)) // a worker with the default 8
                .isInstanceOf(PartitionMismatchException.class)
                .hasMessageStartingWith("RabbitMQ has guild partition queue " + topology.guildPartitionQueue(8)
                        + " (and 3 more past it), but this process is configured with 8 guild partitions")
                .hasMessageContaining("--guild-partitions (ARRAKIS_GUILD_PARTITIONS)");
        assertThat(declarer.verify(connection)).contains("queue " + topology.guildPartitionQueue(8) + " is past this"
                + " topology's 8 guild partitions: the ingestor and the workers must use the same --guild-partitions");
        // the other way round is harmless (some partitions stay empty) and declares
        new TopologyDeclarer(topology.withGuildPartitions(12)).declare(connection);
        new TopologyDeclarer(topology.withGuildPartitions(12)).delete(connection);
    }

    @Test
    void verifyNamesTheQueueOfTheVersionsBeforePartitionsWhileItExists() throws Exception {
        declarer.declare(connection);
        try (Channel channel = connection.createChannel()) {
            channel.queueDeclare(topology.legacyGuildQueue(), true, false, false, declarer.guildQueueArguments());
        }
        assertThat(declarer.verify(connection)).singleElement().asString()
                .startsWith("queue " + topology.legacyGuildQueue() + " (the single guild queue of the versions before partitions) still exists");
    }

    @Test
    void quorumQueuesSplitInteractionsByPriorityClassAndVerifyClean() throws Exception {
        TopologyDeclarer quorum = new TopologyDeclarer(topology, QueueType.QUORUM);
        try (Channel channel = connection.createChannel()) {
            quorum.declare(channel);
            quorum.declare(channel);
            channel.confirmSelect();
            publish(channel, "interaction.command.ping", "cmd");
            publish(channel, "interaction.button", "button");
            publish(channel, "interaction.autocomplete", "autocomplete");
            publish(channel, "interaction.other", "other");
            publish(channel, "p00.member.join", "join");
            channel.waitForConfirmsOrDie(5_000);
            org.awaitility.Awaitility.await().untilAsserted(() -> {
                assertThat(channel.messageCount(topology.interactionsQueue())).isEqualTo(2);
                assertThat(channel.messageCount(quorum.interactionsLowQueue())).isEqualTo(2);
                assertThat(channel.messageCount(topology.guildPartitionQueue(0))).isEqualTo(1);
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
        TopologyDeclarer quorum = new TopologyDeclarer(topology, QueueType.QUORUM);
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
