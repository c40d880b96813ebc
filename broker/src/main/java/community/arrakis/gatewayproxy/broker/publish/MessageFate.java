package community.arrakis.gatewayproxy.broker.publish;

/** What happens to a message published (or resent after a nack) in a given {@link PublisherState}. */
public enum MessageFate {
    /** Written to the channel at once. */
    SEND,
    /** Kept, in order, until the channel can take it; nothing is dropped. */
    HOLD,
    /** Failed with {@code PublisherClosedException}: the publisher is closed. */
    FAIL
}
