package community.arrakis.gatewayproxy.broker;

import community.arrakis.gatewayproxy.testkit.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.MessageProperties;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueDepthsIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672");
    private static final Duration NOW = Duration.ZERO;

    private final Topology topology = Topology.withPrefix("it-depths-" + UUID.randomUUID().toString().substring(0, 8) + ".");
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void declare() throws Exception {
        connection = BrokerConnections.connect(AMQP_URL, "QueueDepthsIT");
        channel = connection.createChannel();
        declarer.declare(channel);
        channel.confirmSelect();
    }

    @AfterEach
    void cleanUp() throws Exception {
        declarer.delete(connection);
        connection.close();
    }

    @Test
    void readsTheMessagesAndConsumersOfEveryQueue() throws Exception {
        publish("interaction.button", 3);
        channel.basicConsume(topology.guildPartitionQueue(0), false, new DefaultConsumer(channel));
        QueueDepths depths = new QueueDepths(connection, topology.queues(), Clock.systemUTC());

        QueueDepths.Reading reading = depths.read(NOW, Duration.ofSeconds(5)).orElseThrow();

        assertThat(reading.problem()).isNull();
        assertThat(reading.of(topology.interactionsQueue())).hasValue(new QueueDepths.Depth(topology.interactionsQueue(), 3, 0));
        assertThat(reading.of(topology.guildPartitionQueue(0))).hasValue(new QueueDepths.Depth(topology.guildPartitionQueue(0), 0, 1));
        assertThat(reading.of(topology.deadLetterQueue())).hasValue(new QueueDepths.Depth(topology.deadLetterQueue(), 0, 0));
    }

    @Test
    void aQueueThatDoesNotExistIsNamedAndTheOthersAreStillRead() throws Exception {
        channel.queueDelete(topology.guildPartitionQueue(0));
        QueueDepths depths = new QueueDepths(connection, topology.queues(), Clock.systemUTC());

        QueueDepths.Reading reading = depths.read(NOW, Duration.ofSeconds(5)).orElseThrow();

        assertThat(reading.problem()).startsWith(topology.guildPartitionQueue(0) + ": NOT_FOUND");
        assertThat(reading.depths()).containsOnlyKeys(topology.queues().stream()
                .filter(queue -> !queue.equals(topology.guildPartitionQueue(0))).toList());
        assertThat(connection.isOpen()).as("a channel error only closes the probe's channel").isTrue();
    }

    @Test
    void aReadingYoungerThanTheAgeAskedForIsNotReadAgain() throws Exception {
        QueueDepths depths = new QueueDepths(connection, topology.queues(), Clock.systemUTC());
        QueueDepths.Reading first = depths.read(NOW, Duration.ofSeconds(5)).orElseThrow();
        publish("interaction.button", 2);

        assertThat(depths.read(Duration.ofMinutes(1), Duration.ofSeconds(5))).containsSame(first);
        await().atMost(Duration.ofSeconds(5)).until(() -> depths.read(NOW, Duration.ofSeconds(5)).orElseThrow()
                .of(topology.interactionsQueue()).orElseThrow().messages() == 2);
    }

    @Test
    void aBrokerThatDoesNotAnswerCostsTheCallerOnlyItsWaitAndLeavesTheLastReading() throws Exception {
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(AMQP_URL)) {
            Connection relayed = BrokerConnections.connect(proxy.rewrite(AMQP_URL), "QueueDepthsIT-relayed");
            try {
                QueueDepths depths = new QueueDepths(relayed, topology.queues(), Clock.systemUTC());
                QueueDepths.Reading answered = depths.read(NOW, Duration.ofSeconds(5)).orElseThrow();
                proxy.silenceReplies();

                long started = System.nanoTime();
                QueueDepths.Reading stale = depths.read(NOW, Duration.ofMillis(300)).orElseThrow();
                long waitedMillis = (System.nanoTime() - started) / 1_000_000;

                assertThat(stale).isSameAs(answered);
                assertThat(waitedMillis).isBetween(300L, 3_000L);
            } finally {
                relayed.abort(1_000);
            }
        }
    }

    @Test
    void noConnectionIsAProblemNotAnException() throws Exception {
        Connection closed = BrokerConnections.connect(AMQP_URL, "QueueDepthsIT-closed");
        closed.close();

        QueueDepths.Reading reading = new QueueDepths(closed, topology.queues(), Clock.systemUTC())
                .read(NOW, Duration.ofSeconds(5)).orElseThrow();

        assertThat(reading.problem()).isEqualTo("no connection to RabbitMQ");
        assertThat(reading.depths()).isEmpty();
    }

    private void publish(String routingKey, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            channel.basicPublish(topology.eventsExchange(), routingKey, true, MessageProperties.PERSISTENT_BASIC,
                    ("m" + i).getBytes(StandardCharsets.UTF_8));
        }
        channel.waitForConfirmsOrDie(5_000);
    }
}
