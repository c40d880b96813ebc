package community.arrakis.gatewayproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixture the broker-fault tests stand on: a node of their own that stops, starts again with
 * its data, raises a memory alarm, and leaves nothing behind.
 */
class PrivateRabbitIT {

    @Test
    void nodeRestartsWithItsDataRaisesAnAlarmAndLeavesNothingBehind() throws Exception {
        String queue = "private-rabbit-it";
        Path dir;
        List<ProcessHandle> processes;
        try (PrivateRabbit rabbit = PrivateRabbit.start()) {
            dir = rabbit.directory();
            assertThat(rabbit.node()).startsWith("arrakis-it-").endsWith("@localhost");
            assertThat(rabbit.rabbitmqctl("eval", "node().")).contains(rabbit.node());
            assertThat(rabbit.port()).isNotEqualTo(5672);
            try (Connection connection = connect(rabbit); Channel channel = connection.createChannel()) {
                channel.queueDeclare(queue, true, false, false, null);
                channel.confirmSelect();
                channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        "kept".getBytes(StandardCharsets.UTF_8));
                channel.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
                        "kept too".getBytes(StandardCharsets.UTF_8));
                channel.waitForConfirmsOrDie(5_000);
            }

            rabbit.stopNode();
            assertThat(rabbit.nodeRunning()).isFalse();
            assertThatThrownBy(() -> connect(rabbit)).isInstanceOf(IOException.class);
            Instant restarting = Instant.now();
            rabbit.startNode();
            processes = rabbit.processes();
            // its own log says when it listened again (the chaos suite measures recoveries from that)
            await().atMost(Duration.ofSeconds(5)).until(() -> rabbit.logged("started TCP listener", restarting).isPresent());
            assertThat(processes).isNotEmpty();
            try (Connection connection = connect(rabbit); Channel channel = connection.createChannel()) {
                assertThat(channel.messageCount(queue)).as("persistent messages in a durable queue").isEqualTo(2);
            }

            rabbit.stopApp();
            assertThat(rabbit.nodeRunning()).isTrue();
            assertThatThrownBy(() -> connect(rabbit)).isInstanceOf(IOException.class);
            rabbit.startApp();

            rabbit.memoryAlarm(true);
            assertThat(rabbit.memoryAlarmed()).isTrue();
            rabbit.reset();
            assertThat(rabbit.memoryAlarmed()).isFalse();
            try (Connection connection = connect(rabbit); Channel channel = connection.createChannel()) {
                GetResponse got = channel.basicGet(queue, true);
                assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("kept");
            }
        }
        assertThat(dir).as("the node's directory").doesNotExist();
        assertThat(processes).as("the node's processes").noneMatch(ProcessHandle::isAlive);
    }

    private static Connection connect(PrivateRabbit rabbit) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(URI.create(rabbit.amqpUrl()));
        factory.setAutomaticRecoveryEnabled(false);
        return factory.newConnection("private-rabbit-it");
    }
}
