package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Discord's three REST limits: per-route buckets, the global per-second limit, and the invalid
 * request count that leads to a temporary ban.
 *
 * <p>Worked example with 5 per 5 s: the first {@code PUT /guilds/1/members/2/roles/3} at t=0 opens
 * bucket {@code PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id} @ guild 1} with reset at
 * t=5 s and answers {@code Remaining: 4}. The fifth call answers {@code Remaining: 0}; a sixth at
 * t=1.2 s is a 429 with {@code retry_after: 3.8}, scope {@code user}, and counts as an invalid request.
 * The same route on guild 7 has its own bucket (the top-level resource is part of the key) but the
 * same {@code X-RateLimit-Bucket} hash. Interaction and webhook-token routes skip the global limit.
 */
final class RateLimiter {
    private final RateLimitConfig config;
    private final Clock clock;
    private final Map<String, Window> buckets = new HashMap<>();
    private final ArrayDeque<Long> invalidRequests = new ArrayDeque<>();
    private long globalWindowStart;
    private int globalCount;
    private long bannedUntil;
    private long invalidTotal;

    RateLimiter(RateLimitConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    private static final class Window {
        long resetAtMillis;
        int used;
    }

    sealed interface Decision {
        Map<String, String> headers();

        record Allowed(Map<String, String> headers) implements Decision { }

        record Limited(double retryAfterSeconds, boolean global, String scope, Map<String, String> headers)
                implements Decision { }

        record Banned(long retryAfterSeconds, Map<String, String> headers) implements Decision { }
    }

    synchronized Decision acquire(String method, String route, String majorParameter, boolean globalExempt) {
        long now = clock.millis();
        if (now < bannedUntil) {
            long retry = (long) Math.ceil((bannedUntil - now) / 1000.0);
            return new Decision.Banned(retry, Map.of("Retry-After", Long.toString(retry)));
        }
        String bucketHash = bucketHash(method, route);
        Window window = buckets.computeIfAbsent(method + " " + route + " @ " + majorParameter, k -> new Window());
        if (now >= window.resetAtMillis) {
            window.resetAtMillis = now + config.routeWindow().toMillis();
            window.used = 0;
        }
        if (!config.enabled()) {
            return new Decision.Allowed(headers(bucketHash, config.routeLimit(), now, window));
        }
        if (!globalExempt) {
            if (now - globalWindowStart >= 1000) {
                globalWindowStart = now;
                globalCount = 0;
            }
            if (globalCount >= config.globalPerSecond()) {
                double retry = (globalWindowStart + 1000 - now) / 1000.0;
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Retry-After", Long.toString((long) Math.ceil(retry)));
                headers.put("X-RateLimit-Global", "true");
                headers.put("X-RateLimit-Scope", "global");
                return new Decision.Limited(retry, true, "global", headers);
            }
        }
        if (window.used >= config.routeLimit()) {
            double retry = (window.resetAtMillis - now) / 1000.0;
            Map<String, String> headers = headers(bucketHash, 0, now, window);
            headers.put("Retry-After", Long.toString((long) Math.ceil(retry)));
            headers.put("X-RateLimit-Scope", "user");
            return new Decision.Limited(retry, false, "user", headers);
        }
        window.used++;
        if (!globalExempt) {
            globalCount++;
        }
        return new Decision.Allowed(headers(bucketHash, config.routeLimit() - window.used, now, window));
    }

    /** Counts a 401, 403 or non-shared 429; too many within the window starts a ban. */
    synchronized void countInvalid() {
        long now = clock.millis();
        long windowMillis = config.invalidRequestWindow().toMillis();
        while (!invalidRequests.isEmpty() && now - invalidRequests.peekFirst() >= windowMillis) {
            invalidRequests.removeFirst();
        }
        invalidRequests.addLast(now);
        invalidTotal++;
        if (config.enabled() && invalidRequests.size() >= config.invalidRequestLimit()) {
            bannedUntil = now + config.banDuration().toMillis();
            invalidRequests.clear();
        }
    }

    /** Every invalid request counted since the start (the window's count restarts with a ban). */
    synchronized long invalidRequestsCounted() {
        return invalidTotal;
    }

    private Map<String, String> headers(String bucketHash, int remaining, long now, Window window) {
        Map<String, String> headers = new LinkedHashMap<>();
        double resetAfter = Math.max(0, window.resetAtMillis - now) / 1000.0;
        headers.put("X-RateLimit-Limit", Integer.toString(config.routeLimit()));
        headers.put("X-RateLimit-Remaining", Integer.toString(Math.max(0, remaining)));
        headers.put("X-RateLimit-Reset", String.format(Locale.ROOT, "%.3f", window.resetAtMillis / 1000.0));
        headers.put("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", resetAfter));
        headers.put("X-RateLimit-Bucket", bucketHash);
        return headers;
    }

    /** Opaque, stable, and without the top-level resource, as Discord's bucket ids are. */
    static String bucketHash(String method, String route) {
        return Integer.toHexString((method + " " + route).hashCode() & 0x7fffffff)
                + Integer.toHexString(route.length() * 31 + method.length());
    }
}
