package community.arrakis.gatewayproxy.broker;

/** The publisher was closed before the broker confirmed the message; it may or may not be stored. */
public final class PublisherClosedException extends RuntimeException {
    public PublisherClosedException(String message) {
        super(message);
    }
}
