package community.arrakis.gatewayproxy.worker.redis;

import community.arrakis.gatewayproxy.redis.FailFastRedisClient;
import community.arrakis.gatewayproxy.redis.RedisCalls;
import community.arrakis.gatewayproxy.redis.RedisUnreachableException;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.function.Supplier;

/**
 * One of the worker's Redis connections, on a {@link FailFastRedisClient}: commands fail at once
 * while Redis is away and the connection is back within about half a second of Redis answering
 * (the worker promises to resume within 1 s of that), and a failure that means "Redis is unusable"
 * becomes the worker's {@link StateUnavailableException}.
 */
public final class RedisConnections implements AutoCloseable {

    private final FailFastRedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisConnections(FailFastRedisClient client, StatefulRedisConnection<String, String> connection) {
        this.client = client;
        this.connection = connection;
    }

    /** @param redisUrl {@code redis://host:port[/db]}; its password, if any, is never logged */
    public static RedisConnections open(String redisUrl) {
        FailFastRedisClient client = new FailFastRedisClient(redisUrl);
        try {
            return new RedisConnections(client, client.connect());
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Runs one Redis command, turning the failures {@link RedisCalls#unreachable} names (not
     * connected, no answer in time, loading, busy, a read-only replica during a failover) into
     * {@link StateUnavailableException}. Errors that mean the command was wrong (a wrong type, a
     * script error) pass through unchanged.
     */
    public static <T> T call(Supplier<T> command) {
        try {
            return RedisCalls.call(command);
        } catch (RedisUnreachableException e) {
            Throwable cause = e.getCause();
            throw new StateUnavailableException(cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
        client.close();
    }
}
