package community.arrakis.gatewayproxy.envelope;

/**
 * A message that is not a valid envelope. Never worth retrying: the consumer dead-letters it with
 * {@link #getMessage()} as the reason.
 */
public final class InvalidEnvelopeException extends RuntimeException {
    public InvalidEnvelopeException(String message) {
        super(message);
    }

    public InvalidEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
