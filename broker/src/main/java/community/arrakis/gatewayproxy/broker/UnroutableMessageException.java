package community.arrakis.gatewayproxy.broker;

/**
 * The broker accepted a {@code mandatory} message but no queue was bound for its routing key, so it
 * returned it instead of storing it. The message is not lost only if the caller acts on this.
 */
public final class UnroutableMessageException extends RuntimeException {
    private final String exchange;
    private final String routingKey;

    public UnroutableMessageException(String exchange, String routingKey, String replyText) {
        super("no queue is bound for routing key '" + routingKey + "' on exchange '" + exchange + "' (" + replyText + ")");
        this.exchange = exchange;
        this.routingKey = routingKey;
    }

    public String exchange() {
        return exchange;
    }

    public String routingKey() {
        return routingKey;
    }
}
