package community.arrakis.gatewayproxy.discord.rest.ratelimit;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where rate-limit state lives. A port: {@link InMemoryRateLimitStore} serves one process; a
 * shared store (Redis) lets many workers respect the same buckets, which is what Discord counts.
 *
 * <p>Each method must be atomic on its own (a Redis implementation uses a Lua script or
 * {@code MULTI}); callers never need two calls to be atomic together. Bucket keys are opaque
 * strings built by the client (Discord's bucket hash or the route template, plus the top-level
 * resource); they never contain a token.
 */
public interface RateLimitStore {

    /** The bucket hash Discord reported ({@code X-RateLimit-Bucket}) for a route key, if learnt. */
    Optional<String> discordBucket(String routeKey);

    void rememberDiscordBucket(String routeKey, String discordBucket);

    /**
     * Takes one request from {@code bucket} if it may go at {@code now}.
     *
     * @return {@link Duration#ZERO} if a request was taken, else how long until the bucket resets.
     *         A bucket never heard of, or whose reset time has passed, lets the request go.
     */
    Duration tryAcquire(String bucket, Instant now);

    /**
     * Records what a response's headers said: {@code remaining} requests until {@code resetAt}.
     * Within the same window the lower remaining wins, because responses of requests sent together
     * arrive out of order.
     */
    void update(String bucket, int remaining, Instant resetAt);

    /**
     * Takes one slot of the global limit ({@code perSecond} requests in each wall-clock second) and
     * honours a global block.
     *
     * @return {@link Duration#ZERO} if taken, else how long to wait
     */
    Duration tryAcquireGlobal(int perSecond, Instant now);

    /** A global 429 arrived: nothing (except exempt routes) may be sent before {@code until}. */
    void blockGlobal(Instant until);

    /**
     * The whole IP is being limited: a 429 came from Cloudflare in front of Discord (an HTML page,
     * not Discord's JSON), or a global 429 on a route the global limit does not apply to. Nothing at
     * all, exempt routes included, may be sent before {@code until}; {@code since} is when the 429
     * arrived. A later block extends an earlier one, never shortens it (unless the earlier one's time
     * was up and a probe was out).
     */
    void blockIp(Instant since, Instant until);

    /**
     * Whether a request may go at {@code now} as far as an IP block is concerned.
     *
     * @return {@link Duration#ZERO} when there is no block, and for exactly one caller, the
     *         <em>probe</em>, once a block's time is up: the others are held (a short wait to ask
     *         again) until the probe's answer lifts the block ({@link #liftIpBlock}), a new 429
     *         renews it, or a lease of about a second passes without an answer and another probe
     *         goes. Otherwise how long to wait. Without the probe every held request would go at
     *         once when the block ends, and if the limit still stands, each would be one more
     *         invalid request.
     */
    Duration tryPassIpBlock(Instant now);

    /**
     * A request sent at {@code sentAt} got an answer that was not an IP-wide 429: an IP block that
     * began no later than {@code sentAt} is over. Answers to requests sent before the block began
     * (in flight when it came) say nothing about it and lift nothing. Cheap when no block is known:
     * it is called after every answer.
     */
    void liftIpBlock(Instant sentAt);

    /** Counts one 401, 403 or (non-shared) 429 response; returns the count within {@code window}. */
    long recordInvalidRequest(Instant now, Duration window);

    /** How many invalid requests were counted within {@code window} before {@code now}. */
    long invalidRequests(Instant now, Duration window);
}
