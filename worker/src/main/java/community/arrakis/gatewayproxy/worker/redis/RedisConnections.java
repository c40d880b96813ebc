package community.arrakis.gatewayproxy.worker.redis;

import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opens the worker's Redis connections, set up to fail fast and to come back fast:
 *
 * <ul>
 *   <li>while disconnected, commands are rejected at once instead of queued until their timeout, so
 *       a worker learns within a command that Redis is gone instead of piling up callers for
 *       {@link #COMMAND_TIMEOUT} each;</li>
 *   <li>reconnect attempts back off from 10 ms to at most {@link #MAX_RECONNECT_DELAY}, not
 *       Lettuce's default 30 s, so a Redis that is back is in use again within about half a
 *       second (the worker promises to resume within 1 s of Redis answering);</li>
 *   <li>a command that gets no answer fails after {@link #COMMAND_TIMEOUT}.</li>
 * </ul>
 */
public final class RedisConnections implements AutoCloseable {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(400);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private RedisConnections(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.resources = resources;
        this.client = client;
        this.connection = connection;
    }

    /** @param redisUrl {@code redis://host:port[/db]}; its password, if any, is never logged */
    public static RedisConnections open(String redisUrl) {
        ClientResources resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources, RedisURI.create(redisUrl));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            StatefulRedisConnection<String, String> connection = client.connect();
            connection.setTimeout(COMMAND_TIMEOUT);
            return new RedisConnections(resources, client, connection);
        } catch (RuntimeException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Runs one Redis command, turning the failures that mean "Redis is unusable" (not connected, no
     * answer in time, loading its data after a restart, busy with a script, a read-only replica
     * during a failover) into {@link StateUnavailableException}. Errors that mean the command was
     * wrong (a wrong type, a script error) pass through unchanged.
     */
    public static <T> T call(Supplier<T> command) {
        try {
            return command.get();
        } catch (RedisException e) {
            if (unusable(e)) {
                throw new StateUnavailableException(e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
            }
            throw e;
        }
    }

    private static boolean unusable(RedisException e) {
        if (e instanceof RedisLoadingException || e instanceof RedisBusyException || e instanceof RedisReadOnlyException) {
            return true;
        }
        if (e instanceof RedisCommandExecutionException) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            return message.startsWith("MASTERDOWN") || message.startsWith("TRYAGAIN") || message.startsWith("CLUSTERDOWN");
        }
        return true; // connection refused or lost, commands rejected while reconnecting, timeouts
    }

    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
