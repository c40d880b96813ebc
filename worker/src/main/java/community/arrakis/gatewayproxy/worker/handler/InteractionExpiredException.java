package community.arrakis.gatewayproxy.worker.handler;

/**
 * Discord's clock for this interaction ran out: the first response came later than 3 s after the
 * interaction was created, or a follow-up or edit came later than 15 min. Nothing was sent;
 * retrying cannot help.
 */
public final class InteractionExpiredException extends RuntimeException {
    public InteractionExpiredException(String message) {
        super(message);
    }
}
