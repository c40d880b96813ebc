package community.arrakis.gatewayproxy.redis;

/**
 * Redis could not be used just now: not connected (commands are rejected at once while the client
 * reconnects), no answer within the command timeout, or a Redis that is up but refuses work
 * (loading its data after a restart, busy with a script, a read-only replica during a failover).
 * Waiting mends it: the ingestor holds its checkpoints or waits to identify, the worker holds its
 * work ({@code StateUnavailableException} there). The cause is Lettuce's exception.
 */
public final class RedisUnreachableException extends RuntimeException {

    RedisUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
