package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Publishes a message the worker gives up on to the dead-letter exchange (routing key
 * {@code dead}), body untouched, with the reason in {@link DeadLetterHeaders}, and waits for the
 * broker's confirm: only then may the original be acknowledged, so it is never lost.
 */
public final class DeadLetterPublisher implements AutoCloseable {

    private static final long CONFIRM_TIMEOUT_MS = 5_000;

    private final Channel channel;
    private final Topology topology;
    private final String workerId;
    private final ReentrantLock lock = new ReentrantLock();

    public DeadLetterPublisher(Connection connection, Topology topology, String workerId) throws IOException {
        this.channel = connection.createChannel();
        this.channel.confirmSelect();
        this.topology = topology;
        this.workerId = workerId;
    }

    /**
     * @throws IOException when the broker did not confirm; the caller must then not acknowledge
     */
    public void publish(byte[] body, AMQP.BasicProperties original, String sourceQueue,
                        String reason, String exception, int attempts) throws IOException {
        Map<String, Object> headers = new HashMap<>();
        if (original != null && original.getHeaders() != null) {
            headers.putAll(original.getHeaders());
        }
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.EXCEPTION, exception);
        headers.put(DeadLetterHeaders.ATTEMPTS, attempts);
        headers.put(DeadLetterHeaders.WORKER, workerId);
        headers.put(DeadLetterHeaders.SOURCE_QUEUE, sourceQueue);
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, System.currentTimeMillis());
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .contentType(original == null ? null : original.getContentType())
                .messageId(original == null ? null : original.getMessageId())
                .type(original == null ? null : original.getType())
                .deliveryMode(2)
                .headers(headers)
                .build();
        lock.lock();
        try {
            channel.basicPublish(topology.deadLetterExchange(), Topology.DEAD_LETTER_ROUTING_KEY, props, body);
            channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the dead-letter confirm", e);
        } catch (TimeoutException e) {
            throw new IOException("the broker did not confirm the dead letter within " + CONFIRM_TIMEOUT_MS + " ms", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | TimeoutException | RuntimeException ignored) {
            // closing anyway
        }
    }
}
