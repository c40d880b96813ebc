package community.arrakis.gatewayproxy.envelope.routing;

/**
 * Where an event goes: its routing key on the events exchange (also the envelope's
 * {@code eventType}) and its AMQP priority, 0..10.
 */
public record Route(String routingKey, int priority) {
    public Route {
        if (routingKey == null || routingKey.isBlank()) {
            throw new IllegalArgumentException("routingKey must not be blank");
        }
        if (priority < 0 || priority > 10) {
            throw new IllegalArgumentException("priority must be 0..10, was " + priority);
        }
    }
}
