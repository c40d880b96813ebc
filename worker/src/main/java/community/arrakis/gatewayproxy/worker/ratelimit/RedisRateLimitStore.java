package community.arrakis.gatewayproxy.worker.ratelimit;

import community.arrakis.gatewayproxy.discord.rest.ratelimit.InMemoryRateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import static community.arrakis.gatewayproxy.worker.redis.RedisConnections.call;

import community.arrakis.gatewayproxy.worker.redis.LuaScripts;
import community.arrakis.gatewayproxy.worker.redis.RedisConnections;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link RateLimitStore} in Redis: every worker of a bot counts against the same buckets, the same
 * global second and the same invalid-request budget, which is what Discord counts. Each method is
 * one round trip and, where it reads and writes, one Lua script, so it is atomic across workers.
 * Times are the caller's {@code now} (epoch milliseconds), so workers need roughly synchronised
 * clocks (NTP); every estimate errs towards waiting.
 *
 * <p>Keys, under the configured prefix:
 * <pre>
 * rl:route:&lt;route key&gt;   Discord's bucket hash for a route (1 day)
 * rl:b:&lt;bucket key&gt;      hash {remaining, reset, probing}, expires 10 s after its reset
 * rl:g:&lt;epoch second&gt;    global requests taken in that second (2 s)
 * rl:gblock             epoch millis before which nothing non-exempt may go
 * rl:invalid            sorted set of 401/403/429 responses by time, trimmed to the window
 * rl:ipblock            hash {since, until, probing}: the whole IP is limited (Cloudflare's 429)
 * </pre>
 *
 * <p>Worked example, a bucket of 5 per 5 s shared by workers A and B:
 * <ol>
 *   <li>A's first call knows nothing and goes; the response says remaining 4, reset in 5 s:
 *       {@code update} stores {remaining 4, reset t+5}.</li>
 *   <li>A and B take the 4 slots between them with {@code tryAcquire} (each an atomic decrement);
 *       a fifth caller is told to wait until t+5.</li>
 *   <li>A late response from the same window says remaining 2 while the store already says 0:
 *       within a window the lower count wins, and the later reset.</li>
 *   <li>At t+5 every waiter asks again. The first one becomes the <em>probe</em>: it goes, and the
 *       bucket is held for the others ({@code probing}) until its response tells the new window,
 *       at most {@link #PROBE_LEASE}; they poll every {@link #PROBE_POLL}. Without the probe, all
 *       waiters would go together at the reset and the surplus would collect 429s.</li>
 * </ol>
 *
 * <p>What does not change once learnt is cached in the process: the route → bucket-hash map. The
 * invalid-request count is read at most every {@link #INVALID_COUNT_CACHE} (it is checked before
 * every request; a budget of thousands does not need a fresher count).
 *
 * <p>The IP block is asked before every request, interaction callbacks included, which otherwise
 * never touch Redis (see {@code InteractionBucketBypass}). So "no block" is believed for
 * {@link #IP_BLOCK_RECHECK} without asking again, and a known block until its end; only then is
 * Redis asked, and there one caller becomes the probe, as for buckets. The price: another worker
 * learns of a new block up to 100 ms late, a few more requests into a limit that every request
 * during it would meet anyway. Lifting a block is a round trip only for a process that knows of one.
 */
public final class RedisRateLimitStore implements RateLimitStore, AutoCloseable {

    /** How long the others wait at most for the probe's response after a reset. */
    public static final Duration PROBE_LEASE = Duration.ofSeconds(1);
    /** How often the others look whether the probe's response came. */
    public static final Duration PROBE_POLL = Duration.ofMillis(20);
    static final Duration INVALID_COUNT_CACHE = Duration.ofMillis(200);
    /** How long "no IP block" is believed without asking Redis again. */
    static final Duration IP_BLOCK_RECHECK = Duration.ofMillis(100);
    /** An IP block's key outlives its end by this much, so that the first request after it is still a probe. */
    private static final long IP_BLOCK_KEEP_MILLIS = 60_000;
    private static final Duration ROUTE_TTL = Duration.ofDays(1);
    private static final Duration UNKNOWN_ROUTE_RECHECK = Duration.ofSeconds(1);
    private static final long BUCKET_KEEP_AFTER_RESET_MILLIS = 10_000;

    /** KEYS[1] bucket; ARGV now, lease, poll. Returns 0 (go) or the milliseconds to wait. */
    private static final String TRY_ACQUIRE = """
            local b = redis.call('HMGET', KEYS[1], 'remaining', 'reset', 'probing')
            if not b[2] then return 0 end
            local now = tonumber(ARGV[1])
            local reset = tonumber(b[2])
            if now >= reset then
              local until_ = now + tonumber(ARGV[2])
              redis.call('HSET', KEYS[1], 'remaining', 0, 'reset', until_, 'probing', 1)
              redis.call('PEXPIREAT', KEYS[1], until_ + 10000)
              return 0
            end
            if b[3] == '1' then return math.min(reset - now, tonumber(ARGV[3])) end
            local remaining = tonumber(b[1])
            if remaining > 0 then
              redis.call('HINCRBY', KEYS[1], 'remaining', -1)
              return 0
            end
            return reset - now
            """;

    /**
     * KEYS[1] bucket; ARGV remaining, reset, now. A new window (none known, the known one over, or
     * a probe's answer) is taken as told; within the window the lower remaining and later reset win.
     */
    private static final String UPDATE = """
            local b = redis.call('HMGET', KEYS[1], 'remaining', 'reset', 'probing')
            local remaining = tonumber(ARGV[1])
            local reset = tonumber(ARGV[2])
            local now = tonumber(ARGV[3])
            if b[2] and b[3] ~= '1' and now < tonumber(b[2]) then
              remaining = math.min(remaining, tonumber(b[1]))
              reset = math.max(reset, tonumber(b[2]))
            end
            redis.call('HSET', KEYS[1], 'remaining', remaining, 'reset', reset, 'probing', 0)
            redis.call('PEXPIREAT', KEYS[1], reset + 10000)
            return remaining
            """;

    /** KEYS[1] block key, KEYS[2] this second's counter; ARGV now, perSecond, next second's start. */
    private static final String TRY_GLOBAL = """
            local now = tonumber(ARGV[1])
            local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
            if now < blocked then return blocked - now end
            local c = redis.call('INCR', KEYS[2])
            if c == 1 then redis.call('PEXPIRE', KEYS[2], 2000) end
            if c <= tonumber(ARGV[2]) then return 0 end
            return math.max(1, tonumber(ARGV[3]) - now)
            """;

    /** KEYS[1] block key; ARGV until. Only ever moves the block later. */
    private static final String BLOCK_GLOBAL = """
            local until_ = tonumber(ARGV[1])
            local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
            if until_ > blocked then redis.call('SET', KEYS[1], until_, 'PXAT', until_) end
            return 0
            """;

    /** KEYS[1] block; ARGV since, until, keep. A block during a probe replaces it; otherwise the later end and since win. */
    private static final String BLOCK_IP = """
            local b = redis.call('HMGET', KEYS[1], 'since', 'until', 'probing')
            local since = tonumber(ARGV[1])
            local until_ = tonumber(ARGV[2])
            if b[2] and b[3] ~= '1' then until_ = math.max(until_, tonumber(b[2])) end
            if b[1] then since = math.max(since, tonumber(b[1])) end
            redis.call('HSET', KEYS[1], 'since', since, 'until', until_, 'probing', 0)
            redis.call('PEXPIREAT', KEYS[1], until_ + tonumber(ARGV[3]))
            return until_
            """;

    /**
     * KEYS[1] block; ARGV now, lease, poll, keep. Returns -1 (no block), 0 (go: this caller is the
     * probe) or the milliseconds to wait (at most poll while a probe is out).
     */
    private static final String TRY_IP = """
            local b = redis.call('HMGET', KEYS[1], 'until', 'probing')
            if not b[1] then return -1 end
            local now = tonumber(ARGV[1])
            local until_ = tonumber(b[1])
            if now < until_ then
              if b[2] == '1' then return math.min(until_ - now, tonumber(ARGV[3])) end
              return until_ - now
            end
            redis.call('HSET', KEYS[1], 'until', now + tonumber(ARGV[2]), 'probing', 1)
            redis.call('PEXPIREAT', KEYS[1], now + tonumber(ARGV[2]) + tonumber(ARGV[4]))
            return 0
            """;

    /** KEYS[1] block; ARGV sent at. Lifts a block that began no later than the request was sent. */
    private static final String LIFT_IP = """
            local since = redis.call('HGET', KEYS[1], 'since')
            if not since then return 1 end
            if tonumber(since) <= tonumber(ARGV[1]) then
              redis.call('DEL', KEYS[1])
              return 1
            end
            return 0
            """;

    /** KEYS[1] the set; ARGV now, window start, member ('' to only count), window millis. */
    private static final String INVALID = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            if ARGV[3] ~= '' then
              redis.call('ZADD', KEYS[1], ARGV[1], ARGV[3])
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
            end
            return redis.call('ZCARD', KEYS[1])
            """;

    private record CachedCount(long count, long readAtNanos) {
    }

    private record CachedRoute(Optional<String> bucket, long checkedAtNanos) {
    }

    /** What this process last learnt of the IP block: none (as of {@code atNanos}), or one to wait out until {@code untilNanos}. */
    private record IpBlockSeen(boolean blocked, long atNanos, long untilNanos) {
        static IpBlockSeen none(long nanos) {
            return new IpBlockSeen(false, nanos, nanos);
        }
    }

    private final RedisConnections connections;
    private final RedisCommands<String, String> redis;
    private final LuaScripts scripts;
    private final String prefix;
    private final Map<String, CachedRoute> routes = new ConcurrentHashMap<>();
    private final AtomicLong invalidSequence = new AtomicLong();
    private final String instance = Long.toHexString(Double.doubleToLongBits(Math.random()));
    private volatile CachedCount invalidCount;
    private volatile IpBlockSeen ipBlockSeen;

    private RedisRateLimitStore(RedisConnections connections, String prefix) {
        this.connections = connections;
        this.redis = connections.connection().sync();
        this.scripts = new LuaScripts(redis);
        this.prefix = prefix;
    }

    /**
     * @param redisUrl  {@code redis://host:port[/db]}
     * @param keyPrefix prepended to every key, e.g. {@code arrakis:}; workers of one bot share it
     */
    public static RedisRateLimitStore connect(String redisUrl, String keyPrefix) {
        if (keyPrefix == null) {
            throw new IllegalArgumentException("keyPrefix must not be null (use \"\" for none)");
        }
        return new RedisRateLimitStore(RedisConnections.open(redisUrl), keyPrefix);
    }

    @Override
    public Optional<String> discordBucket(String routeKey) {
        CachedRoute cached = routes.get(routeKey);
        long now = System.nanoTime();
        if (cached != null && (cached.bucket().isPresent() || now - cached.checkedAtNanos() < UNKNOWN_ROUTE_RECHECK.toNanos())) {
            return cached.bucket();
        }
        Optional<String> bucket = Optional.ofNullable(call(() -> redis.get(prefix + "rl:route:" + routeKey)));
        routes.put(routeKey, new CachedRoute(bucket, now));
        return bucket;
    }

    @Override
    public void rememberDiscordBucket(String routeKey, String discordBucket) {
        CachedRoute cached = routes.get(routeKey);
        if (cached != null && cached.bucket().filter(discordBucket::equals).isPresent()) {
            return;
        }
        call(() -> redis.set(prefix + "rl:route:" + routeKey, discordBucket, SetArgs.Builder.px(ROUTE_TTL.toMillis())));
        routes.put(routeKey, new CachedRoute(Optional.of(discordBucket), System.nanoTime()));
    }

    @Override
    public Duration tryAcquire(String bucket, Instant now) {
        long wait = script(TRY_ACQUIRE, new String[] {bucketKey(bucket)}, Long.toString(now.toEpochMilli()),
                Long.toString(PROBE_LEASE.toMillis()), Long.toString(PROBE_POLL.toMillis()));
        return Duration.ofMillis(wait);
    }

    @Override
    public void update(String bucket, int remaining, Instant resetAt) {
        script(UPDATE, new String[] {bucketKey(bucket)}, Integer.toString(Math.max(0, remaining)),
                Long.toString(resetAt.toEpochMilli()), Long.toString(System.currentTimeMillis()));
    }

    @Override
    public Duration tryAcquireGlobal(int perSecond, Instant now) {
        long second = now.getEpochSecond();
        long wait = script(TRY_GLOBAL, new String[] {prefix + "rl:gblock", prefix + "rl:g:" + second},
                Long.toString(now.toEpochMilli()), Integer.toString(perSecond), Long.toString((second + 1) * 1000));
        return Duration.ofMillis(wait);
    }

    @Override
    public void blockGlobal(Instant until) {
        script(BLOCK_GLOBAL, new String[] {prefix + "rl:gblock"}, Long.toString(until.toEpochMilli()));
    }

    @Override
    public void blockIp(Instant since, Instant until) {
        long end = script(BLOCK_IP, new String[] {prefix + "rl:ipblock"}, Long.toString(since.toEpochMilli()),
                Long.toString(until.toEpochMilli()), Long.toString(IP_BLOCK_KEEP_MILLIS));
        long nanos = System.nanoTime();
        ipBlockSeen = new IpBlockSeen(true, nanos, nanos + Math.max(0, end - System.currentTimeMillis()) * 1_000_000);
    }

    @Override
    public Duration tryPassIpBlock(Instant now) {
        IpBlockSeen seen = ipBlockSeen;
        long nanos = System.nanoTime();
        if (seen != null && !seen.blocked() && nanos - seen.atNanos() < IP_BLOCK_RECHECK.toNanos()) {
            return Duration.ZERO;
        }
        if (seen != null && seen.blocked() && nanos < seen.untilNanos()) {
            return Duration.ofMillis(Math.max(1, (seen.untilNanos() - nanos + 999_999) / 1_000_000));
        }
        long wait = script(TRY_IP, new String[] {prefix + "rl:ipblock"}, Long.toString(now.toEpochMilli()),
                Long.toString(InMemoryRateLimitStore.PROBE_LEASE.toMillis()),
                Long.toString(InMemoryRateLimitStore.PROBE_POLL.toMillis()), Long.toString(IP_BLOCK_KEEP_MILLIS));
        if (wait < 0) {
            ipBlockSeen = IpBlockSeen.none(nanos);
            return Duration.ZERO;
        }
        // a probe (wait 0) leaves the block standing until its answer: the next caller asks Redis
        ipBlockSeen = new IpBlockSeen(true, nanos, nanos + wait * 1_000_000);
        return Duration.ofMillis(wait);
    }

    @Override
    public void liftIpBlock(Instant sentAt) {
        IpBlockSeen seen = ipBlockSeen;
        if (seen == null || !seen.blocked()) {
            return; // no block known here: nothing to lift, and no round trip after every answer
        }
        if (script(LIFT_IP, new String[] {prefix + "rl:ipblock"}, Long.toString(sentAt.toEpochMilli())) == 1) {
            ipBlockSeen = IpBlockSeen.none(System.nanoTime());
        }
    }

    @Override
    public long recordInvalidRequest(Instant now, Duration window) {
        String member = now.toEpochMilli() + ":" + instance + ":" + invalidSequence.incrementAndGet();
        long count = invalid(now, window, member);
        invalidCount = new CachedCount(count, System.nanoTime());
        return count;
    }

    @Override
    public long invalidRequests(Instant now, Duration window) {
        CachedCount cached = invalidCount;
        if (cached != null && System.nanoTime() - cached.readAtNanos() < INVALID_COUNT_CACHE.toNanos()) {
            return cached.count();
        }
        long count = invalid(now, window, "");
        invalidCount = new CachedCount(count, System.nanoTime());
        return count;
    }

    private long invalid(Instant now, Duration window, String member) {
        return script(INVALID, new String[] {prefix + "rl:invalid"}, Long.toString(now.toEpochMilli()),
                "(" + now.minus(window).toEpochMilli(), member, Long.toString(window.toMillis()));
    }

    private String bucketKey(String bucket) {
        return prefix + "rl:b:" + bucket;
    }

    private long script(String script, String[] keys, String... args) {
        Long result = call(() -> scripts.<Long>run(script, ScriptOutputType.INTEGER, keys, args));
        return result == null ? 0 : result;
    }

    @Override
    public void close() {
        connections.close();
    }
}
