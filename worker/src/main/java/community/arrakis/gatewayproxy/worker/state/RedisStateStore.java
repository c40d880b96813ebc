package community.arrakis.gatewayproxy.worker.state;

import static community.arrakis.gatewayproxy.worker.redis.RedisConnections.call;

import community.arrakis.gatewayproxy.worker.redis.LuaScripts;
import community.arrakis.gatewayproxy.worker.redis.RedisConnections;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link StateStore} and {@link EventLedger} in Redis, shared by every worker. Blocking Lettuce
 * calls on one shared connection (Lettuce pipelines concurrent callers), meant for virtual threads.
 * When Redis is unusable every method throws {@link StateUnavailableException} (see {@link
 * RedisConnections#call}).
 * Keys, under the configured prefix:
 *
 * <pre>
 * cd:&lt;command&gt;:&lt;user&gt;   cooldown, PX = its length
 * sess:&lt;type&gt;:&lt;user&gt;     session value, PX = its ttl
 * evt:&lt;eventId&gt;          "p:&lt;worker&gt;" while running, "done" for the retention after
 * alive:&lt;worker&gt;         heartbeat of a worker, PX = a few seconds
 * </pre>
 */
public final class RedisStateStore implements StateStore, EventLedger, AutoCloseable {

    /**
     * Claim in one round trip and atomically: free → ours; "done" → done; ours → ours (a retry);
     * another owner whose heartbeat key is gone → ours (it crashed); otherwise in progress.
     */
    private static final String CLAIM = """
            local v = redis.call('GET', KEYS[1])
            local mine = 'p:' .. ARGV[1]
            if not v then
              redis.call('SET', KEYS[1], mine, 'PX', ARGV[2])
              return 'claimed'
            end
            if v == 'done' then return 'done' end
            if v == mine then return 'claimed' end
            if redis.call('EXISTS', ARGV[3] .. string.sub(v, 3)) == 0 then
              redis.call('SET', KEYS[1], mine, 'PX', ARGV[2])
              return 'taken'
            end
            return 'busy'
            """;

    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;

    /** A claim's own expiry only bounds garbage; crashed owners are detected by their heartbeat. */
    private static final Duration CLAIM_EXPIRY = Duration.ofMinutes(20);

    private final RedisConnections connections;
    private final RedisCommands<String, String> redis;
    private final LuaScripts scripts;
    private final String prefix;

    private RedisStateStore(RedisConnections connections, String prefix) {
        this.connections = connections;
        this.redis = connections.connection().sync();
        this.scripts = new LuaScripts(redis);
        this.prefix = prefix;
    }

    /**
     * @param redisUrl  {@code redis://host:port[/db]}
     * @param keyPrefix prepended to every key, e.g. {@code arrakis:}
     */
    public static RedisStateStore connect(String redisUrl, String keyPrefix) {
        return new RedisStateStore(RedisConnections.open(redisUrl), keyPrefix);
    }

    /** For readiness: true when Redis answers a PING. */
    public boolean ping() {
        try {
            return "PONG".equals(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Whether Redis takes a write now: a restarted Redis answers PING while it still loads its data,
     * and a replica during a failover answers it but refuses writes.
     */
    public boolean writable() {
        try {
            return "OK".equals(redis.set(prefix + "probe", "1", SetArgs.Builder.px(10_000)));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Optional<Duration> tryCooldown(String command, String userId, Duration length) {
        String key = prefix + "cd:" + command + ":" + userId;
        for (int attempt = 0; attempt < 3; attempt++) {
            if ("OK".equals(call(() -> redis.set(key, "1", SetArgs.Builder.nx().px(length.toMillis()))))) {
                return Optional.empty();
            }
            long left = call(() -> redis.pttl(key));
            if (left > 0) {
                return Optional.of(Duration.ofMillis(left));
            }
            // it expired between SET and PTTL: try again
        }
        return Optional.of(Duration.ofMillis(1));
    }

    @Override
    public Optional<Duration> cooldownRemaining(String command, String userId) {
        long left = call(() -> redis.pttl(prefix + "cd:" + command + ":" + userId));
        return left > 0 ? Optional.of(Duration.ofMillis(left)) : Optional.empty();
    }

    @Override
    public void clearCooldown(String command, String userId) {
        call(() -> redis.del(prefix + "cd:" + command + ":" + userId));
    }

    @Override
    public void putSession(String type, String userId, String value, Duration ttl) {
        call(() -> redis.set(prefix + "sess:" + type + ":" + userId, value, SetArgs.Builder.px(ttl.toMillis())));
    }

    @Override
    public Optional<String> session(String type, String userId) {
        return Optional.ofNullable(call(() -> redis.get(prefix + "sess:" + type + ":" + userId)));
    }

    @Override
    public void deleteSession(String type, String userId) {
        call(() -> redis.del(prefix + "sess:" + type + ":" + userId));
    }

    @Override
    public ClaimResult claim(String eventId, String owner) {
        String result = call(() -> scripts.<String>run(CLAIM, ScriptOutputType.VALUE, new String[] {prefix + "evt:" + eventId},
                owner, Long.toString(CLAIM_EXPIRY.toMillis()), prefix + "alive:"));
        return switch (result) {
            case "claimed" -> ClaimResult.CLAIMED;
            case "taken" -> ClaimResult.TAKEN_OVER;
            case "done" -> ClaimResult.ALREADY_DONE;
            case "busy" -> ClaimResult.IN_PROGRESS;
            default -> throw new IllegalStateException("unexpected claim result " + result);
        };
    }

    @Override
    public void complete(String eventId, Duration retention) {
        call(() -> redis.set(prefix + "evt:" + eventId, "done", SetArgs.Builder.px(retention.toMillis())));
    }

    @Override
    public void release(String eventId, String owner) {
        call(() -> scripts.<Long>run(RELEASE, ScriptOutputType.INTEGER, new String[] {prefix + "evt:" + eventId}, "p:" + owner));
    }

    @Override
    public void heartbeat(String owner, Duration ttl) {
        call(() -> redis.set(prefix + "alive:" + owner, "1", SetArgs.Builder.px(ttl.toMillis())));
    }

    /** Removes the heartbeat at once, so a clean shutdown hands events over without waiting. */
    public void retire(String owner) {
        call(() -> redis.del(prefix + "alive:" + owner));
    }

    @Override
    public void close() {
        connections.close();
    }
}
