package community.arrakis.gatewayproxy.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Publishes gathered by {@link WriteBatching}, counted at the socket, against the real RabbitMQ. */
class WriteBatchingIT {

    private static final String AMQP_URL = SharedServices.AMQP_URL;

    private final WriteBatching batching = new WriteBatching();
    /** Writes the publishing connection made to its socket. */
    private final AtomicInteger socketWrites = new AtomicInteger();
    private Connection admin;
    private String queue;
    private Connection connection;
    private Channel channel;

    @BeforeEach
    void open() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "WriteBatchingIT-admin");
        try (Channel c = admin.createChannel()) {
            queue = c.queueDeclare("it-write-batching-" + System.nanoTime(), false, false, true, null).getQueue();
        }
        ConnectionFactory factory = BrokerConnections.factory(AMQP_URL, batching);
        factory.setSocketFactory(new CountingSocketFactory());
        factory.setRequestedHeartbeat(0); // no heartbeat frames in the counts
        factory.setAutomaticRecoveryEnabled(false);
        factory.setChannelRpcTimeout(5_000); // a command held back would fail the test, not hang it
        connection = factory.newConnection("WriteBatchingIT");
        channel = connection.createChannel();
        channel.confirmSelect();
    }

    @AfterEach
    void close() throws Exception {
        if (connection.isOpen()) {
            connection.close();
        }
        try (Channel c = admin.createChannel()) {
            c.queueDelete(queue);
        }
        admin.close();
    }

    @Test
    void withoutABatchEveryPublishIsItsOwnWrite() throws Exception {
        int before = socketWrites.get();
        publish(10);
        assertThat(socketWrites.get() - before)
                .as("socket writes for 10 publishes outside a batch: amqp-client %s no longer flushes once per command "
                        + "through FrameHandler.flush, which WriteBatching holds back (see BatchingFrameHandler's class "
                        + "comment, point 2)", BatchingFrameHandler.clientVersion())
                .isEqualTo(10);
        channel.waitForConfirmsOrDie(5_000);
        assertThat(messagesInQueue()).isEqualTo(10);
    }

    @Test
    void publishesInsideABatchLeaveInOneWriteAtItsEnd() throws Exception {
        int before = socketWrites.get();
        batching.begin();
        publish(50);
        assertThat(socketWrites.get())
                .as("socket writes before the batch ends: amqp-client %s reached the socket without the flush "
                        + "BatchingFrameHandler holds back, or its connections no longer get their frame handler from "
                        + "ConnectionFactory.createFrameHandlerFactory (see BatchingFrameHandler's class comment, "
                        + "points 1 and 2)", BatchingFrameHandler.clientVersion())
                .isEqualTo(before);
        batching.end();
        assertThat(socketWrites.get() - before).isEqualTo(1);
        channel.waitForConfirmsOrDie(5_000);
        assertThat(messagesInQueue()).isEqualTo(50);
    }

    @Test
    void nestedBatchesWriteAtTheOutermostEnd() throws Exception {
        int before = socketWrites.get();
        batching.begin();
        publish(3);
        batching.begin();
        publish(3);
        batching.end();
        assertThat(socketWrites.get()).isEqualTo(before);
        batching.end();
        assertThat(socketWrites.get() - before).isEqualTo(1);
        channel.waitForConfirmsOrDie(5_000);
        assertThat(messagesInQueue()).isEqualTo(6);
    }

    @Test
    void aSecondThreadsBatchIsItsOwn() throws Exception {
        int before = socketWrites.get();
        batching.begin(); // this thread batches first
        publish(2);
        AtomicInteger writesInsideTheOtherBatch = new AtomicInteger(-1);
        Thread other = Thread.ofPlatform().start(() -> {
            batching.begin();
            try {
                publish(3);
                writesInsideTheOtherBatch.set(socketWrites.get() - before);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } finally {
                batching.end();
            }
        });
        other.join(5_000);
        assertThat(writesInsideTheOtherBatch).as("the other thread's publishes waited for its end").hasValue(0);
        assertThat(socketWrites.get() - before).as("its end wrote once, this thread's publishes along").isEqualTo(1);
        channel.waitForConfirmsOrDie(5_000);
        assertThat(messagesInQueue()).isEqualTo(5);
        batching.end();
        assertThat(socketWrites.get() - before).isEqualTo(1);
    }

    @Test
    void anotherThreadsFlushIsNotHeldBackAndTakesTheBatchAlong() throws Exception {
        int before = socketWrites.get();
        batching.begin();
        publish(5);
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                publish(1);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        other.join(5_000);
        assertThat(socketWrites.get() - before).as("the other thread flushed at once").isEqualTo(1);
        channel.waitForConfirmsOrDie(5_000);
        assertThat(messagesInQueue()).isEqualTo(6);
        batching.end(); // nothing left to write
        assertThat(socketWrites.get() - before).isEqualTo(1);
    }

    @Test
    void aCommandThatWaitsForTheBrokersAnswerIsNotHeldBack() throws Exception {
        int before = socketWrites.get();
        batching.begin();
        publish(4);
        // an RPC inside the batch: sent at once, with the publishes before it
        assertThat(channel.queueDeclarePassive(queue).getQueue()).isEqualTo(queue);
        assertThat(socketWrites.get() - before).isEqualTo(1);
        publish(2);
        batching.end();
        assertThat(socketWrites.get() - before).isEqualTo(2);
        channel.waitForConfirmsOrDie(5_000);
        assertThat(messagesInQueue()).isEqualTo(6);
    }

    @Test
    void aBatchEndingOnALostConnectionDoesNotThrow() throws Exception {
        batching.begin();
        publish(5);
        connection.abort(2_000);
        await().atMost(Duration.ofSeconds(5)).until(() -> !connection.isOpen());
        assertThatCode(batching::end).doesNotThrowAnyException();
        // the publisher never saw confirms for these: a ConfirmingPublisher sends them again on recovery
    }

    private void publish(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC,
                    ("message " + i).getBytes(StandardCharsets.UTF_8));
        }
    }

    private long messagesInQueue() throws Exception {
        try (Channel c = admin.createChannel()) {
            return c.queueDeclarePassive(queue).getMessageCount();
        }
    }

    /** Plain sockets whose output counts the writes that reach them. */
    private final class CountingSocketFactory extends SocketFactory {
        @Override
        public Socket createSocket() {
            return new Socket() {
                private OutputStream counting;

                @Override
                public synchronized OutputStream getOutputStream() throws IOException {
                    if (counting == null) {
                        counting = new FilterOutputStream(super.getOutputStream()) {
                            @Override
                            public void write(byte[] b, int off, int len) throws IOException {
                                socketWrites.incrementAndGet();
                                out.write(b, off, len);
                            }
                        };
                    }
                    return counting;
                }
            };
        }

        @Override
        public Socket createSocket(String host, int port) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }

        @Override
        public Socket createSocket(String host, int port, java.net.InetAddress localHost, int localPort) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }

        @Override
        public Socket createSocket(java.net.InetAddress host, int port) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }

        @Override
        public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress localAddress,
                                   int localPort) {
            throw new UnsupportedOperationException("the client creates unconnected sockets");
        }
    }
}
