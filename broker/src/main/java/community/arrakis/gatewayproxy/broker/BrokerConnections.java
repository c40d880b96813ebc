package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.recovery.RecordedBinding;
import com.rabbitmq.client.impl.recovery.RecordedConsumer;
import com.rabbitmq.client.impl.recovery.RecordedExchange;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import community.arrakis.gatewayproxy.common.Redaction;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Opens RabbitMQ connections from an {@code amqp://} URL, recovering by themselves: the client
 * reconnects every {@link #RECOVERY_INTERVAL}, reopens the channels and re-registers the consumers.
 *
 * <p>It does not redeclare exchanges, queues and bindings: ours are durable, so a reconnect finds
 * them where they were, and the client would redeclare each on the channel it was first declared
 * on, which for a topology declared at start on a short-lived channel is closed, logging an error
 * per object per recovery. A queue that did vanish (deleted by hand, a broker that lost its data)
 * is declared again by the consumer that finds its subscription cancelled, and a publisher's
 * {@code mandatory} flag turns events with nowhere to go into returns, not losses. Each connection
 * logs an outage once ({@link RecoveryLogging}).
 *
 * <p>A cluster is named by several URLs separated by commas,
 * {@code amqp://user:pass@node-a:5672,amqp://user:pass@node-b:5672/vhost}: each a whole URL, so each
 * one alone still works and redacts like any other, and all of them must agree on everything but
 * host and port (one set of credentials, one virtual host, one scheme). A connection tries the
 * nodes in turn (the client shuffles the list, spreading the processes over the nodes), and so
 * does every recovery: a lost node is followed by a connection to another within a recovery
 * interval or two.
 */
public final class BrokerConnections {

    public static final Duration RECOVERY_INTERVAL = Duration.ofMillis(500);

    /** Recover consumers only (see the class comment). */
    private static final TopologyRecoveryFilter CONSUMERS_ONLY = new TopologyRecoveryFilter() {
        @Override
        public boolean filterExchange(RecordedExchange exchange) {
            return false;
        }

        @Override
        public boolean filterQueue(RecordedQueue queue) {
            return false;
        }

        @Override
        public boolean filterBinding(RecordedBinding binding) {
            return false;
        }

        @Override
        public boolean filterConsumer(RecordedConsumer consumer) {
            return true;
        }
    };

    private BrokerConnections() {
    }

    public static ConnectionFactory factory(String amqpUrl) {
        return configure(new ConnectionFactory(), amqpUrl);
    }

    /** A factory whose connections hold back their flushes inside {@code batching}'s batches. */
    public static ConnectionFactory factory(String amqpUrl, WriteBatching batching) {
        return configure(BatchingFrameHandler.connectionFactory(batching), amqpUrl);
    }

    /**
     * The URLs of {@code amqpUrl}, split at commas; refuses URLs that differ in anything but host
     * and port, naming what differs (never a password).
     */
    static List<String> nodeUrls(String amqpUrl) {
        List<String> urls = new ArrayList<>();
        for (String part : Objects.requireNonNull(amqpUrl, "amqpUrl").split(",")) {
            if (!part.isBlank()) {
                urls.add(part.trim());
            }
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("RABBITMQ_URL is empty");
        }
        URI first = uri(urls.getFirst(), amqpUrl);
        for (String url : urls.subList(1, urls.size())) {
            URI other = uri(url, amqpUrl);
            if (!Objects.equals(first.getScheme(), other.getScheme())
                    || !Objects.equals(first.getRawUserInfo(), other.getRawUserInfo())
                    || !Objects.equals(path(first), path(other))) {
                throw new IllegalArgumentException("RABBITMQ_URL names several nodes that differ in scheme, user,"
                        + " password or virtual host (only host and port may differ): " + Redaction.redact(amqpUrl));
            }
        }
        return urls;
    }

    /** The nodes of {@code amqpUrl}, in the order given. */
    public static List<Address> addresses(String amqpUrl) {
        List<Address> addresses = new ArrayList<>();
        for (String url : nodeUrls(amqpUrl)) {
            URI uri = uri(url, amqpUrl);
            int port = uri.getPort() > 0 ? uri.getPort()
                    : "amqps".equalsIgnoreCase(uri.getScheme()) ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                    : ConnectionFactory.DEFAULT_AMQP_PORT;
            addresses.add(new Address(uri.getHost(), port));
        }
        return addresses;
    }

    private static String path(URI uri) {
        return uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    }

    private static URI uri(String url, String whole) {
        try {
            URI uri = new URI(url);
            if (uri.getHost() == null) {
                throw new URISyntaxException(url, "no host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("RABBITMQ_URL is not a valid amqp:// URL (or comma-separated list of them): "
                    + Redaction.redact(whole), e);
        }
    }

    private static ConnectionFactory configure(ConnectionFactory factory, String amqpUrl) {
        try {
            // credentials, virtual host and TLS from the first node's URL: the others agree (nodeUrls)
            factory.setUri(new URI(nodeUrls(amqpUrl).getFirst()));
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("RABBITMQ_URL is not a valid amqp:// URL: " + Redaction.redact(amqpUrl), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setTopologyRecoveryFilter(CONSUMERS_ONLY);
        factory.setNetworkRecoveryInterval(RECOVERY_INTERVAL.toMillis());
        factory.setConnectionTimeout(5000);
        factory.setRequestedHeartbeat(10);
        return factory;
    }

    /** @param name shown in the management UI and {@code rabbitmqctl list_connections} */
    public static Connection connect(String amqpUrl, String name) throws IOException {
        return connect(factory(amqpUrl), amqpUrl, name);
    }

    /**
     * A connection whose publishes made inside one of {@code batching}'s batches reach the socket
     * in one write at the batch's end.
     */
    public static Connection connect(String amqpUrl, String name, WriteBatching batching) throws IOException {
        return connect(factory(amqpUrl, batching), amqpUrl, name);
    }

    /**
     * A connection that does not recover: for a command-line tool holding deliveries it has not
     * acknowledged (their tags die with the connection, and the broker requeues them), a lost
     * connection must end the command with an error rather than carry on with a new one.
     */
    public static Connection connectWithoutRecovery(String amqpUrl, String name) throws IOException {
        ConnectionFactory factory = factory(amqpUrl);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        factory.setExceptionHandler(new RecoveryLogging(name)); // its quiet handling of socket errors, not its WARN on loss
        return open(factory, amqpUrl, name);
    }

    private static Connection connect(ConnectionFactory factory, String amqpUrl, String name) throws IOException {
        RecoveryLogging logging = new RecoveryLogging(name);
        factory.setExceptionHandler(logging);
        Connection connection = open(factory, amqpUrl, name);
        logging.watch(connection);
        return connection;
    }

    private static Connection open(ConnectionFactory factory, String amqpUrl, String name) throws IOException {
        try {
            return factory.newConnection(addresses(amqpUrl), name);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + Redaction.redact(amqpUrl) + " did not answer in time", e);
        } catch (IOException e) {
            throw new IOException("cannot connect to RabbitMQ at " + Redaction.redact(amqpUrl) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }
}
