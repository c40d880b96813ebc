package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.TopologyRecoveryException;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a broker outage looks like in the log: one WARN when a connection is lost, one INFO when the
 * client's automatic recovery has it back, and nothing for each failed reconnect attempt in between
 * (the client's default handler logs an ERROR for each, and one per object it could not recover).
 * Installed on every connection by {@link BrokerConnections}.
 */
final class RecoveryLogging extends ForgivingExceptionHandler implements RecoveryListener {

    private static final Logger LOG = LoggerFactory.getLogger(RecoveryLogging.class);

    private final String name;
    /** When the current outage began (nanoTime), 0 when connected. */
    private final AtomicLong lostAt = new AtomicLong();

    RecoveryLogging(String name) {
        this.name = name;
    }

    /** Registers the WARN on loss; the INFO on recovery comes through {@link RecoveryListener}. */
    void watch(Connection connection) {
        connection.addShutdownListener(this::lost);
        if (connection instanceof Recoverable recoverable) {
            recoverable.addRecoveryListener(this);
        }
    }

    private void lost(ShutdownSignalException cause) {
        if (cause.isInitiatedByApplication()) {
            return; // we closed it
        }
        if (lostAt.compareAndSet(0, Math.max(1, System.nanoTime()))) {
            LOG.warn("RabbitMQ connection {} lost ({}); reconnecting every {} ms", name, describe(cause),
                    BrokerConnections.RECOVERY_INTERVAL.toMillis());
        }
    }

    @Override
    public void handleRecovery(Recoverable recoverable) {
        long since = lostAt.getAndSet(0);
        long millis = since == 0 ? 0 : Duration.ofNanos(System.nanoTime() - since).toMillis();
        LOG.info("RabbitMQ connection {} recovered after {} ms", name, millis);
    }

    @Override
    public void handleRecoveryStarted(Recoverable recoverable) {
        // the WARN on loss said it
    }

    /**
     * A socket error on the connection's reading or writing thread ("connection reset", "broken
     * pipe" when the broker goes away). The client shuts the connection down right after it, and
     * {@link #lost} reports that once per outage, with this error as the cause when it came first:
     * a line of its own would be a second WARN for the same outage (and a third for "socket closed").
     */
    @Override
    public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
        LOG.debug("RabbitMQ connection {}: connection driver error: {}", name, exception.toString());
    }

    @Override
    public void handleConnectionRecoveryException(Connection connection, Throwable exception) {
        LOG.debug("RabbitMQ connection {}: reconnect attempt failed: {}", name, exception.toString());
    }

    @Override
    public void handleChannelRecoveryException(Channel channel, Throwable exception) {
        LOG.warn("RabbitMQ connection {}: channel {} could not be reopened: {}", name, channel.getChannelNumber(),
                exception.toString());
    }

    @Override
    public void handleTopologyRecoveryException(Connection connection, Channel channel, TopologyRecoveryException exception) {
        LOG.warn("RabbitMQ connection {}: {}", name, exception.getMessage());
    }

    @Override
    protected void log(String message, Throwable exception) {
        LOG.warn("RabbitMQ connection {}: {}: {}", name, message, exception.toString());
    }

    private static String describe(ShutdownSignalException cause) {
        Throwable root = cause.getCause();
        if (root != null) {
            return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        return cause.getReason() == null ? String.valueOf(cause.getMessage()) : cause.getReason().toString();
    }
}
