package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
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
        ConnectionFactory factory = new ConnectionFactory();
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
        try {
            return factory(amqpUrl).newConnection(name);
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
