package community.arrakis.gatewayproxy.app.demo;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.common.Redaction;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Optional;

/** Asks, quickly, whether RabbitMQ and Redis answer; the answer is a reason in plain words or empty. */
final class ServiceProbe {

    private ServiceProbe() {
    }

    /** Empty when RabbitMQ accepted a connection; otherwise why not. */
    static Optional<String> rabbitMqProblem(String amqpUrl) {
        try {
            ConnectionFactory factory = BrokerConnections.factory(amqpUrl);
            factory.setAutomaticRecoveryEnabled(false);
            factory.setConnectionTimeout(2_000);
            factory.setHandshakeTimeout(2_000);
            try (Connection ignored = factory.newConnection(BrokerConnections.addresses(amqpUrl), "arrakis-demo-probe")) {
                return Optional.empty();
            }
        } catch (Exception e) {
            return Optional.of("RabbitMQ at " + Redaction.redact(amqpUrl) + " does not answer ("
                    + rootMessage(e) + ")");
        }
    }

    /** Empty when Redis answered PING; otherwise why not. */
    static Optional<String> redisProblem(String redisUrl) {
        RedisClient client = null;
        try {
            RedisURI uri = RedisURI.create(redisUrl);
            uri.setTimeout(Duration.ofSeconds(2));
            client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().ping();
                return Optional.empty();
            }
        } catch (Exception e) {
            return Optional.of("Redis at " + Redaction.redact(redisUrl) + " does not answer ("
                    + rootMessage(e) + ")");
        } finally {
            if (client != null) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
