package community.arrakis.gatewayproxy.discord.gateway.protocol;

/** A received message is not a gateway payload we can read (bad JSON, no {@code op}, ...). */
public final class MalformedFrameException extends Exception {
    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
