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
 *
 * <p>A 429 that is not Discord's (an HTML page from Cloudflare, which limits per IP in front of
 * Discord, without Discord's JSON or rate-limit headers) blocks the whole IP, every route:
 * {@link #onIpRateLimited}. Worked example: a role call at t=0 gets Cloudflare's 429 page without
 * {@code Retry-After}; nothing is sent until t=2 s ({@link #IP_BLOCK_DEFAULT_WAIT}), interaction
 * callbacks included. At t=2 s the first request to ask ({@link #tryPassIpBlock}) goes alone, as the
 * probe. Its answer is a 204: {@link #onAnswered} lifts the block and the held requests go. Had it
 * been the 429 page again, the IP would be blocked until t=4 s and so on: a Cloudflare limit that
 * lasts costs one invalid request per 2 s (300 per 10 minutes) instead of one per held request.
 */
public final class RateLimiter {

    /** Discord's global limit for a bot. */
    public static final int DEFAULT_GLOBAL_PER_SECOND = 50;
    /** Discord bans an IP after 10,000 invalid requests in this window. */
    public static final Duration INVALID_REQUEST_WINDOW = Duration.ofMinutes(10);
    /** We stop at a quarter of Discord's 10,000, leaving room for other processes on the same IP. */
    public static final int DEFAULT_INVALID_REQUEST_LIMIT = 2_500;

    /**
     * How long the IP is blocked after a Cloudflare 429 without {@code Retry-After}. Discord documents
     * no such answer, so nothing says how long the limit lasts; a wait errs towards the long side,
     * because every request sent meanwhile counts as one more invalid request (and may lengthen a
     * ban), while the price of waiting is low: an answer held past an interaction's 3 s would have
     * been refused by Cloudflare anyway. With the probe, 2 s keeps a lasting limit at 300 invalid
     * requests per 10 minutes, 1 s would spend 600 of them.
     */
    public static final Duration IP_BLOCK_DEFAULT_WAIT = Duration.ofSeconds(2);
    /** The least an IP block lasts, whatever {@code Retry-After} says (it has whole seconds; 0 would mean a tight loop). */
    public static final Duration IP_BLOCK_MINIMUM_WAIT = Duration.ofSeconds(1);

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

    /**
     * @return zero if nothing blocks the whole IP (or this request goes as the probe after a block),
     *         else how long to wait before asking again. Applies to every route, exempt ones included.
     */
    public Duration tryPassIpBlock() {
        return store.tryPassIpBlock(clock.instant());
    }

    /**
     * A 429 that did not come from Discord's API: no JSON body, no {@code X-RateLimit-Scope} or
     * {@code X-RateLimit-Global} (Cloudflare's HTML page, served for the IP). Counts as an invalid
     * request and blocks every route for {@code Retry-After} (at least {@link #IP_BLOCK_MINIMUM_WAIT}),
     * or {@link #IP_BLOCK_DEFAULT_WAIT} without one.
     *
     * @return how long nothing may be sent
     */
    public Duration onIpRateLimited(RateLimitHeaders headers) {
        Instant now = clock.instant();
        Duration wait = headers.retryAfter().map(d -> d.compareTo(IP_BLOCK_MINIMUM_WAIT) < 0 ? IP_BLOCK_MINIMUM_WAIT : d)
                .orElse(IP_BLOCK_DEFAULT_WAIT);
        store.blockIp(now, now.plus(wait));
        store.recordInvalidRequest(now, INVALID_REQUEST_WINDOW);
        return wait;
    }

    /**
     * Any answer but an IP-wide 429, to a request sent at {@code sentAt}: the IP got through, so a
     * block from before that is over (see {@link RateLimitStore#liftIpBlock}).
     */
    public void onAnswered(Instant sentAt) {
        store.liftIpBlock(sentAt);
    }

    /** Whether a 429 came from in front of Discord rather than from Discord's API: see {@link #onIpRateLimited}. */
    public static boolean isIpRateLimit(int status, RateLimitHeaders headers, boolean discordErrorBody) {
        return status == 429 && !discordErrorBody && headers.scope().isEmpty() && !headers.global();
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
        if (global && route.route().globalLimitExempt()) {
            // The bot's global limit does not apply here, so a global 429 means the IP is limited:
            // every route waits, exempt ones too (and the probe finds out when it is over).
            store.blockIp(now, now.plus(retryAfter));
        } else if (global) {
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
