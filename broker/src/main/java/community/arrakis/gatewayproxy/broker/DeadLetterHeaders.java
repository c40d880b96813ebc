package community.arrakis.gatewayproxy.broker;

/**
 * The headers a dead-lettered message carries, for people and tools reading the DLQ. The one
 * definition: the ingestor's dead letters (an event that could not become an envelope) and the
 * worker's (an envelope it gave up on) both use these names.
 */
public final class DeadLetterHeaders {

    /** Why: the decoder's message or the handler's failure, one line, no payload. */
    public static final String REASON = "x-arrakis-dead-reason";
    /** The exception's class name. */
    public static final String EXCEPTION = "x-arrakis-exception";
    /** Handler tries made (0 when the envelope could not be decoded). */
    public static final String ATTEMPTS = "x-arrakis-attempts";
    /** The worker that gave up on it. */
    public static final String WORKER = "x-arrakis-worker";
    /** The queue it was consumed from. */
    public static final String SOURCE_QUEUE = "x-arrakis-source-queue";

    private DeadLetterHeaders() {
    }
}
