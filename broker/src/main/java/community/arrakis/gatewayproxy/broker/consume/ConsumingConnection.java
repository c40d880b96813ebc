package community.arrakis.gatewayproxy.broker.consume;

import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.DeadLetterPublisher;
import community.arrakis.gatewayproxy.broker.QueueDepths;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recovering RabbitMQ connection that consumes the proxy's queues, with what consuming needs:
 * the topology declared, a dead-letter publisher, and a {@link ManualAckConsumer} per queue that
 * declares the topology again before it resubscribes to a queue that vanished. A consumer of the
 * queues (the worker) sees only this and the {@code consume} package, never the client's types.
 *
 * <p>Open, in order: connect ({@link BrokerConnections}: recovery every 500 ms, one WARN and one
 * INFO per outage), declare the topology on a channel of its own, open the dead-letter publisher's
 * channel. {@link #close()} closes the dead-letter channel and then the connection: close the
 * consumers first, so that their unacknowledged deliveries go back to the queue with their channels.
 */
public final class ConsumingConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumingConnection.class);

    private final Connection connection;
    private final TopologyDeclarer topology;
    private final DeadLetterPublisher deadLetters;

    private ConsumingConnection(Connection connection, TopologyDeclarer topology, DeadLetterPublisher deadLetters) {
        this.connection = connection;
        this.topology = topology;
        this.deadLetters = deadLetters;
    }

    /**
     * @param name     shown in the management UI and {@code rabbitmqctl list_connections}
     * @param consumer named in the dead letters' {@code x-arrakis-worker} header
     * @throws IOException the broker cannot be reached or refused the topology (the message says
     *                     which, with the URL's password replaced)
     */
    public static ConsumingConnection open(String amqpUrl, String name, TopologyDeclarer topology, String consumer)
            throws IOException {
        Connection connection = BrokerConnections.connect(amqpUrl, name);
        try {
            topology.declare(connection);
            return new ConsumingConnection(connection, topology, new DeadLetterPublisher(connection, topology.topology(), consumer));
        } catch (IOException | RuntimeException e) {
            try {
                connection.close();
            } catch (IOException | RuntimeException ignored) {
                // failing anyway
            }
            throw e;
        }
    }

    /**
     * Starts consuming {@code queue} on a channel of its own; see {@link ManualAckConsumer#start}.
     *
     * @param ordered true for a queue whose order matters (a guild partition, single active consumer)
     * @param timers  runs resubscription attempts
     */
    public ManualAckConsumer consume(String queue, boolean ordered, int prefetch, EnvelopeSink sink,
                                     ScheduledExecutorService timers) throws IOException {
        return ManualAckConsumer.start(connection, queue, ordered, prefetch, sink, deadLetters, timers, this::redeclare);
    }

    private void redeclare() {
        try {
            topology.declare(connection);
        } catch (IOException e) {
            throw new UncheckedIOException("declaring the topology failed: " + e.getMessage(), e);
        }
    }

    /**
     * Whether the single guild queue of the versions before partitions still exists (an upgrade
     * whose old queue is not drained and deleted yet).
     */
    public boolean legacyGuildQueueExists() throws IOException {
        return topology.legacyGuildQueueExists(connection);
    }

    /** Reads the depths of {@code queues} on this connection, for the status page. */
    public QueueDepths queueDepths(List<String> queues, Clock clock) {
        return new QueueDepths(connection, queues, clock);
    }

    /** The connection is up (false while the client recovers it, and once closed). */
    public boolean isOpen() {
        return connection.isOpen();
    }

    @Override
    public void close() {
        deadLetters.close();
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the RabbitMQ connection failed: {}", e.getMessage());
        }
    }
}
