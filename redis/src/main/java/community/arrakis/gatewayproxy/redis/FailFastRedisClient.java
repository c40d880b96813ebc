package community.arrakis.gatewayproxy.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client for the ingestor and the worker, set up so that an outage is noticed at once and
 * its end soon:
 *
 * <ul>
 *   <li>while disconnected, commands are rejected at once instead of queued: a checkpoint write
 *       fails in microseconds and the latest checkpoint stays in memory, a worker learns within a
 *       command that Redis is gone, where Lettuce's default would hold every caller for the
 *       command timeout;</li>
 *   <li>a command that gets no answer (a Redis that hangs) fails after {@link #COMMAND_TIMEOUT},
 *       not Lettuce's default minute, and so does a connect attempt;</li>
 *   <li>reconnect attempts back off from 10 ms to at most {@link #MAX_RECONNECT_DELAY}, not
 *       Lettuce's default 30 s, so a Redis that is back is in use again within half a second.</li>
 * </ul>
 *
 * Failures of its commands are told apart by {@link RedisCalls}.
 */
public final class FailFastRedisClient implements AutoCloseable {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(400);

    private final ClientResources resources;
    private final RedisClient client;

    /** @param redisUrl {@code redis://host:port[/db]}; its password, if any, is never logged; nothing is connected yet */
    public FailFastRedisClient(String redisUrl) {
        resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        client = RedisClient.create(resources, RedisURI.create(redisUrl));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(COMMAND_TIMEOUT).build())
                .build());
    }

    /** Connects once (the caller retries at start-up); the connection then reconnects by itself. */
    public StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = client.connect();
        connection.setTimeout(COMMAND_TIMEOUT);
        return connection;
    }

    /**
     * Calls {@code lost} whenever an established connection drops, on a Lettuce thread (so it must
     * not block): the first sign of an outage, before any command fails.
     */
    public void onConnectionLost(Runnable lost) {
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                lost.run();
            }
        });
    }

    @Override
    public void close() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
