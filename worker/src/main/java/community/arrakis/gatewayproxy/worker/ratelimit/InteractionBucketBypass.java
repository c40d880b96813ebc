package community.arrakis.gatewayproxy.worker.ratelimit;

import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps the per-interaction buckets of the callback route ({@code ...|interaction:<id>}) out of the
 * shared store; everything else goes to it. Such a bucket belongs to one interaction, whose first
 * answer is sent once by the one worker handling it: counting it in Redis costs two round trips per
 * interaction (half of the worker's Redis traffic for a {@code /ping}) and can never hold anything
 * back. A 429 on the callback is still honoured: the client pauses for its {@code retry_after} on
 * routes exempt from the global limit, and it is still counted as an invalid request.
 */
public final class InteractionBucketBypass implements RateLimitStore {

    private static final String INTERACTION_BUCKET = "|interaction:";

    private final RateLimitStore shared;

    public InteractionBucketBypass(RateLimitStore shared) {
        this.shared = shared;
    }

    private static boolean perInteraction(String bucket) {
        return bucket.contains(INTERACTION_BUCKET);
    }

    @Override
    public Optional<String> discordBucket(String routeKey) {
        return shared.discordBucket(routeKey);
    }

    @Override
    public void rememberDiscordBucket(String routeKey, String discordBucket) {
        shared.rememberDiscordBucket(routeKey, discordBucket);
    }

    @Override
    public Duration tryAcquire(String bucket, Instant now) {
        return perInteraction(bucket) ? Duration.ZERO : shared.tryAcquire(bucket, now);
    }

    @Override
    public void update(String bucket, int remaining, Instant resetAt) {
        if (!perInteraction(bucket)) {
            shared.update(bucket, remaining, resetAt);
        }
    }

    @Override
    public Duration tryAcquireGlobal(int perSecond, Instant now) {
        return shared.tryAcquireGlobal(perSecond, now);
    }

    @Override
    public void blockGlobal(Instant until) {
        shared.blockGlobal(until);
    }

    @Override
    public long recordInvalidRequest(Instant now, Duration window) {
        return shared.recordInvalidRequest(now, window);
    }

    @Override
    public long invalidRequests(Instant now, Duration window) {
        return shared.invalidRequests(now, window);
    }
}
