package community.arrakis.gatewayproxy.worker.migration;

import static community.arrakis.gatewayproxy.worker.redis.RedisConnections.call;

import community.arrakis.gatewayproxy.worker.redis.LuaScripts;
import community.arrakis.gatewayproxy.worker.redis.RedisConnections;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;

/**
 * What both sides of a migration share, in Redis, under one prefix (default {@code arrakis:migration:}):
 *
 * <pre>
 * canary               the {@link CanaryPolicy}, as text; changed by {@code arrakis canary}
 * owner:&lt;event key&gt;   which side runs the event ({@link Side}), set once by the first side to see it, 20 min
 * writes:&lt;side&gt;        a stream of {@link WriteRecord}s, live and shadow, capped and expiring after a day
 * </pre>
 *
 * Every call throws {@link community.arrakis.gatewayproxy.worker.state.StateUnavailableException}
 * while Redis is unusable.
 */
public final class MigrationStore implements AutoCloseable {

    public static final String DEFAULT_PREFIX = "arrakis:migration:";
    /** Longer than an interaction token's 15 minutes and any redelivery of a guild event in practice. */
    public static final Duration OWNER_TTL = Duration.ofMinutes(20);
    public static final Duration WRITES_TTL = Duration.ofDays(1);
    /** Per side; the oldest go first (approximate trimming). */
    public static final long WRITES_MAX = 500_000;

    /** The first side to ask decides; everyone after reads its answer. */
    private static final String DECIDE_OWNER = """
            local v = redis.call('GET', KEYS[1])
            if v then return v end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return ARGV[1]
            """;

    private final RedisConnections connections;
    private final RedisCommands<String, String> redis;
    private final LuaScripts scripts;
    private final String prefix;

    private MigrationStore(RedisConnections connections, String prefix) {
        this.connections = connections;
        this.redis = connections.connection().sync();
        this.scripts = new LuaScripts(redis);
        this.prefix = prefix;
    }

    public static MigrationStore connect(String redisUrl, String prefix) {
        return new MigrationStore(RedisConnections.open(redisUrl), prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix);
    }

    public String prefix() {
        return prefix;
    }

    public CanaryPolicy canary() {
        return CanaryPolicy.parse(call(() -> redis.get(prefix + "canary")));
    }

    public void setCanary(CanaryPolicy policy) {
        call(() -> redis.set(prefix + "canary", policy.format()));
    }

    /**
     * The side that runs the event: {@code proposed} if no side asked before, else the first
     * side's answer. Atomic, so each event has one owner however the canary set changes.
     */
    public Side owner(String eventKey, Side proposed) {
        String owner = call(() -> scripts.run(DECIDE_OWNER, ScriptOutputType.VALUE,
                new String[] {prefix + "owner:" + eventKey}, proposed.key(), Long.toString(OWNER_TTL.toMillis())));
        return Side.fromKey(owner);
    }

    public void append(Side side, WriteRecord record) {
        String key = prefix + "writes:" + side.key();
        call(() -> redis.xadd(key, XAddArgs.Builder.maxlen(WRITES_MAX).approximateTrimming(), record.toFields()));
        call(() -> redis.pexpire(key, WRITES_TTL.toMillis()));
    }

    /** Every record of one side, oldest first. */
    public List<WriteRecord> writes(Side side) {
        List<StreamMessage<String, String>> messages =
                call(() -> redis.xrange(prefix + "writes:" + side.key(), Range.create("-", "+")));
        return messages.stream().map(m -> WriteRecord.fromFields(m.getBody())).toList();
    }

    /** Forgets both sides' records, to compare afresh. */
    public void clearWrites() {
        call(() -> redis.del(prefix + "writes:" + Side.STANDALONE.key(), prefix + "writes:" + Side.PROXY.key(),
                prefix + "writes:" + Side.SHADOW.key()));
    }

    @Override
    public void close() {
        connections.close();
    }
}
