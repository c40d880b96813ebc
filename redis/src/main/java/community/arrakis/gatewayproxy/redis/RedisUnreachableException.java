package community.arrakis.gatewayproxy.ingestor;

/**
 * Redis could not be used just now: not connected (commands are rejected at once while the client
 * reconnects), no answer within the command timeout, or a Redis that is up but refuses work
 * (loading its data after a restart, busy with a script, a read-only replica during a failover).
 * Waiting mends it; the callers hold their checkpoint or wait to identify.
 */
final class RedisUnreachableException extends RuntimeException {

    RedisUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
