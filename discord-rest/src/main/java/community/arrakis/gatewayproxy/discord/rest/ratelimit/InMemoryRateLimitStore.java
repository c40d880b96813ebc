package community.arrakis.gatewayproxy.discord.rest.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link RateLimitStore} for one process. Buckets are kept until their reset has passed and they
 * are next touched; the map stays about as large as the set of routes and resources in use.
 */
public final class InMemoryRateLimitStore implements RateLimitStore {

    /** After an IP block, how long the others wait at most for the probe's answer. */
    public static final Duration PROBE_LEASE = Duration.ofSeconds(1);
    /** How often they look whether it came. */
    public static final Duration PROBE_POLL = Duration.ofMillis(20);

    private record Bucket(int remaining, Instant resetAt) {
    }

    private final Map<String, String> discordBuckets = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new HashMap<>();
    private final Deque<Instant> invalid = new ArrayDeque<>();
    private long globalSecond = Long.MIN_VALUE;
    private int globalCount;
    private Instant globalBlockedUntil = Instant.MIN;
    /** The IP block, when there is one: when its last 429 came, until when, and whether a probe is out. */
    private Instant ipBlockedSince;
    private Instant ipBlockedUntil;
    private boolean ipProbeOut;

    @Override
    public Optional<String> discordBucket(String routeKey) {
        return Optional.ofNullable(discordBuckets.get(routeKey));
    }

    @Override
    public void rememberDiscordBucket(String routeKey, String discordBucket) {
        discordBuckets.put(routeKey, discordBucket);
    }

    @Override
    public synchronized Duration tryAcquire(String bucket, Instant now) {
        Bucket b = buckets.get(bucket);
        if (b == null || !now.isBefore(b.resetAt())) {
            // unknown or reset: let it go and let the response tell us the new window
            buckets.remove(bucket);
            return Duration.ZERO;
        }
        if (b.remaining() > 0) {
            buckets.put(bucket, new Bucket(b.remaining() - 1, b.resetAt()));
            return Duration.ZERO;
        }
        return Duration.between(now, b.resetAt());
    }

    @Override
    public synchronized void update(String bucket, int remaining, Instant resetAt) {
        Bucket b = buckets.get(bucket);
        // "same window" within a small tolerance: reset-after is rounded by Discord and by us
        boolean sameWindow = b != null && Duration.between(b.resetAt(), resetAt).abs().toMillis() < 50;
        int value = sameWindow ? Math.min(b.remaining(), remaining) : remaining;
        Instant reset = sameWindow && b.resetAt().isAfter(resetAt) ? b.resetAt() : resetAt;
        buckets.put(bucket, new Bucket(Math.max(0, value), reset));
    }

    @Override
    public synchronized Duration tryAcquireGlobal(int perSecond, Instant now) {
        if (now.isBefore(globalBlockedUntil)) {
            return Duration.between(now, globalBlockedUntil);
        }
        long second = now.getEpochSecond();
        if (second != globalSecond) {
            globalSecond = second;
            globalCount = 0;
        }
        if (globalCount < perSecond) {
            globalCount++;
            return Duration.ZERO;
        }
        return Duration.between(now, Instant.ofEpochSecond(second + 1));
    }

    @Override
    public synchronized void blockGlobal(Instant until) {
        if (until.isAfter(globalBlockedUntil)) {
            globalBlockedUntil = until;
        }
    }

    @Override
    public synchronized void blockIp(Instant since, Instant until) {
        if (ipBlockedUntil != null && !ipProbeOut && ipBlockedUntil.isAfter(until)) {
            until = ipBlockedUntil;
        }
        if (ipBlockedSince != null && ipBlockedSince.isAfter(since)) {
            since = ipBlockedSince;
        }
        ipBlockedSince = since;
        ipBlockedUntil = until;
        ipProbeOut = false;
    }

    @Override
    public synchronized Duration tryPassIpBlock(Instant now) {
        if (ipBlockedUntil == null) {
            return Duration.ZERO;
        }
        if (now.isBefore(ipBlockedUntil)) {
            Duration left = Duration.between(now, ipBlockedUntil);
            return ipProbeOut && left.compareTo(PROBE_POLL) > 0 ? PROBE_POLL : left;
        }
        ipBlockedUntil = now.plus(PROBE_LEASE); // this caller is the probe; the others wait for its answer
        ipProbeOut = true;
        return Duration.ZERO;
    }

    @Override
    public synchronized void liftIpBlock(Instant sentAt) {
        if (ipBlockedSince != null && !sentAt.isBefore(ipBlockedSince)) {
            ipBlockedSince = null;
            ipBlockedUntil = null;
            ipProbeOut = false;
        }
    }

    @Override
    public synchronized long recordInvalidRequest(Instant now, Duration window) {
        invalid.addLast(now);
        return invalidRequests(now, window);
    }

    @Override
    public synchronized long invalidRequests(Instant now, Duration window) {
        Instant start = now.minus(window);
        while (!invalid.isEmpty() && !invalid.peekFirst().isAfter(start)) {
            invalid.removeFirst();
        }
        return invalid.size();
    }
}
