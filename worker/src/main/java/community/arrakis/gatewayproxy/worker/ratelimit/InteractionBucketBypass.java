package community.arrakis.gatewayproxy.worker.ratelimit;

import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the per-interaction buckets of the callback route ({@code ...|interaction:<id>}) in this
 * process instead of the shared store; everything else goes to it. Such a bucket belongs to one
 * interaction, whose first answer is sent by the one worker handling it (its retries included):
 * counting it in Redis cost two round trips per interaction, half of the worker's Redis traffic for
 * a {@code /ping}, and shared nothing. Only a bucket that must hold requests back (a 429, or no
 * requests remaining) is remembered here, until its reset; the rest cost nothing. Invalid requests,
 * the global limit and the IP block stay shared.
 */
public final class InteractionBucketBypass implements RateLimitStore {

    private static final String INTERACTION_BUCKET = "|interaction:";
    /** Past this many held buckets, the ones whose reset has passed are swept on the next update. */
    private static final int SWEEP_ABOVE = 10_000;

    private final RateLimitStore shared;
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();

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
        if (!perInteraction(bucket)) {
            return shared.tryAcquire(bucket, now);
        }
        Instant until = heldUntil.get(bucket);
        if (until == null) {
            return Duration.ZERO;
        }
        if (!now.isBefore(until)) {
            heldUntil.remove(bucket, until);
            return Duration.ZERO;
        }
        return Duration.between(now, until);
    }

    @Override
    public void update(String bucket, int remaining, Instant resetAt) {
        if (!perInteraction(bucket)) {
            shared.update(bucket, remaining, resetAt);
        } else if (remaining > 0) {
            heldUntil.remove(bucket);
        } else {
            heldUntil.merge(bucket, resetAt, (a, b) -> a.isAfter(b) ? a : b);
            if (heldUntil.size() > SWEEP_ABOVE) {
                Instant now = Instant.now();
                heldUntil.values().removeIf(until -> !now.isBefore(until));
            }
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
    public void blockIp(Instant since, Instant until) {
        shared.blockIp(since, until);
    }

    @Override
    public Duration tryPassIpBlock(Instant now) {
        return shared.tryPassIpBlock(now);
    }

    @Override
    public void liftIpBlock(Instant sentAt) {
        shared.liftIpBlock(sentAt);
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
