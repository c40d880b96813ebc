package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;

/** Opens RabbitMQ connections from an {@code amqp://} URL, recovering by themselves. */
public final class BrokerConnections {

    private BrokerConnections() {
    }

    public static ConnectionFactory factory(String amqpUrl) {
        return configure(new ConnectionFactory(), amqpUrl);
    }

    /** A factory whose connections hold back their flushes inside {@code batching}'s batches. */
    public static ConnectionFactory factory(String amqpUrl, WriteBatching batching) {
        return configure(new ConnectionFactory() {
            @Override
            protected synchronized FrameHandlerFactory createFrameHandlerFactory() throws IOException {
                FrameHandlerFactory sockets = super.createFrameHandlerFactory();
                return (address, connectionName) ->
                        new BatchingFrameHandler(sockets.create(address, connectionName), batching);
            }
        }, amqpUrl);
    }

    private static ConnectionFactory configure(ConnectionFactory factory, String amqpUrl) {
        try {
            factory.setUri(new URI(amqpUrl));
        } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("RABBITMQ_URL is not a valid amqp:// URL: " + redact(amqpUrl), e);
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setNetworkRecoveryInterval(1000);
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

    private static Connection connect(ConnectionFactory factory, String amqpUrl, String name) throws IOException {
        try {
            return factory.newConnection(name);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + redact(amqpUrl) + " did not answer in time", e);
        } catch (IOException e) {
            throw new IOException("cannot connect to RabbitMQ at " + redact(amqpUrl) + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    /** The URL with its password replaced, fit for logs and errors. */
    public static String redact(String amqpUrl) {
        if (amqpUrl == null) {
            return "null";
        }
        return amqpUrl.replaceFirst("(://[^:/@]+):[^@/]*@", "$1:***@");
    }
}
