package community.arrakis.gatewayproxy.discord.rest.ratelimit;

import community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides when a request may go and learns from each response. Holds no state of its own: all of
 * it is in the {@link RateLimitStore}, so workers sharing a store share the limits.
 *
 * <p>Worked example, {@code PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}} on guild 1:
 * <ol>
 *   <li>First call: no bucket is known, {@link #tryAcquireBucket} lets it go under the key
 *       {@code "PUT /guilds/{guild_id}/...|guild:1"}. Discord answers with
 *       {@code X-RateLimit-Bucket: abc}, {@code Remaining: 1}, {@code Reset-After: 2.5};
 *       {@link #onResponse} remembers route → {@code abc} and sets bucket {@code "abc|guild:1"}
 *       to 1 remaining until now + 2.5 s.</li>
 *   <li>Second call: bucket {@code "abc|guild:1"} has 1 left: it goes, leaving 0.</li>
 *   <li>Third call within the 2.5 s: 0 left, so it is told to wait until the reset. A call for
 *       guild 2 is not held up: its bucket is {@code "abc|guild:2"}.</li>
 *   <li>If Discord still answers 429 (another process spent the bucket), the bucket is set to 0
 *       until {@code retry_after}, or, for a global 429, every non-exempt route is blocked until
 *       then; either way the 429 counts toward the invalid-request budget unless its scope is
 *       {@code shared}.</li>
 * </ol>
 * Interaction and webhook routes skip the global limit (they are exempt at Discord).
 */
public final class RateLimiter {

    /** Discord's global limit for a bot. */
    public static final int DEFAULT_GLOBAL_PER_SECOND = 50;
    /** Discord bans an IP after 10,000 invalid requests in this window. */
    public static final Duration INVALID_REQUEST_WINDOW = Duration.ofMinutes(10);
    /** We stop at a quarter of Discord's 10,000, leaving room for other processes on the same IP. */
    public static final int DEFAULT_INVALID_REQUEST_LIMIT = 2_500;

    private final RateLimitStore store;
    private final Clock clock;
    private final int globalPerSecond;
    private final int invalidRequestLimit;

    public RateLimiter(RateLimitStore store, Clock clock, int globalPerSecond, int invalidRequestLimit) {
        if (globalPerSecond < 1) {
            throw new IllegalArgumentException("globalPerSecond must be at least 1, was " + globalPerSecond);
        }
        if (invalidRequestLimit < 1 || invalidRequestLimit >= 10_000) {
            throw new IllegalArgumentException("invalidRequestLimit must be within 1..9999 (Discord bans at 10,000), was "
                    + invalidRequestLimit);
        }
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.globalPerSecond = globalPerSecond;
        this.invalidRequestLimit = invalidRequestLimit;
    }

    /** The bucket key a request of this route counts against now. */
    public String bucketKey(CompiledRoute route) {
        return store.discordBucket(route.route().key()).map(route::bucketKey).orElseGet(route::routeBucketKey);
    }

    /** @return zero if the request took a slot of its bucket, else how long to wait before asking again */
    public Duration tryAcquireBucket(CompiledRoute route) {
        return store.tryAcquire(bucketKey(route), clock.instant());
    }

    /** @return zero if the request may go as far as the global limit is concerned, else the wait */
    public Duration tryAcquireGlobal(CompiledRoute route) {
        if (route.route().globalLimitExempt()) {
            return Duration.ZERO;
        }
        return store.tryAcquireGlobal(globalPerSecond, clock.instant());
    }

    /** Whether 401/403/429 responses in the last 10 minutes reached the limit; no call may go then. */
    public boolean invalidRequestBudgetExhausted() {
        return store.invalidRequests(clock.instant(), INVALID_REQUEST_WINDOW) >= invalidRequestLimit;
    }

    public long invalidRequestCount() {
        return store.invalidRequests(clock.instant(), INVALID_REQUEST_WINDOW);
    }

    public int invalidRequestLimit() {
        return invalidRequestLimit;
    }

    /**
     * Learns from a response.
     *
     * @param bodyRetryAfter {@code retry_after} from a 429's JSON body, if present (more precise than the header)
     * @param bodyGlobal     {@code global} from a 429's JSON body
     * @return for a 429, how long to wait before retrying; otherwise zero
     */
    public Duration onResponse(CompiledRoute route, int status, RateLimitHeaders headers, Duration bodyRetryAfter,
                               boolean bodyGlobal) {
        Instant now = clock.instant();
        String bucket = headers.bucket().map(hash -> {
            store.rememberDiscordBucket(route.route().key(), hash);
            return route.bucketKey(hash);
        }).orElseGet(() -> bucketKey(route));
        // On a 429, retry_after is what Discord says to wait; the bucket headers that come with it
        // may describe another limit (a shared resource's), so they must not stretch the wait.
        if (status != 429 && headers.remaining().isPresent() && headers.resetAfter().isPresent()) {
            store.update(bucket, headers.remaining().getAsInt(), now.plus(headers.resetAfter().get()));
        }
        if (status == 401 || status == 403) {
            store.recordInvalidRequest(now, INVALID_REQUEST_WINDOW);
            return Duration.ZERO;
        }
        if (status != 429) {
            return Duration.ZERO;
        }
        String scope = headers.scope().orElse("");
        boolean global = bodyGlobal || headers.global() || scope.equals("global");
        Duration retryAfter = bodyRetryAfter != null ? bodyRetryAfter
                : headers.retryAfter().or(headers::resetAfter).orElse(Duration.ofSeconds(1));
        if (global) {
            store.blockGlobal(now.plus(retryAfter));
        } else {
            store.update(bucket, 0, now.plus(retryAfter));
        }
        if (!scope.equals("shared")) {
            store.recordInvalidRequest(now, INVALID_REQUEST_WINDOW);
        }
        return retryAfter;
    }
}
