package community.arrakis.gatewayproxy.worker.ratelimit;

import community.arrakis.gatewayproxy.discord.rest.ratelimit.InMemoryRateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared (Redis) rate-limit store, with a local one to fall back on while Redis is unusable,
 * so that a Redis outage neither stops every REST call nor lets the workers storm Discord.
 *
 * <p>While on the fallback, each worker keeps its own buckets (learned again from Discord's
 * headers, which every answer carries) and a conservative share of the global limit: {@code 1 /
 * }{@value #FALLBACK_GLOBAL_SHARE} of it per worker, so that up to that many workers together stay
 * inside Discord's global limit without seeing each other. The invalid-request count restarts
 * locally. Redis is tried again {@link #RETRY_SHARED_AFTER} after the failure; the first call that
 * works there ends the fallback. One WARN when it begins, one INFO when it ends.
 */
public final class FallbackRateLimitStore implements RateLimitStore {

    public static final int FALLBACK_GLOBAL_SHARE = 4;
    public static final Duration RETRY_SHARED_AFTER = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(FallbackRateLimitStore.class);

    private final RateLimitStore shared;
    private final Clock clock;
    private final InMemoryRateLimitStore local = new InMemoryRateLimitStore();
    /**
     * Null while the shared store is in use; otherwise when the fallback began. Changed by
     * compare-and-set, so that of the handler threads meeting an outage at once only one logs it.
     */
    private final AtomicReference<Instant> fallingBackSince = new AtomicReference<>();
    private volatile Instant retrySharedAt;

    public FallbackRateLimitStore(RateLimitStore shared, Clock clock) {
        this.shared = shared;
        this.clock = clock;
    }

    /** Whether the local limits are in use (for health and metrics). */
    public boolean fallingBack() {
        return fallingBackSince.get() != null;
    }

    private <T> T either(Supplier<T> onShared, Supplier<T> onLocal) {
        Instant since = fallingBackSince.get();
        if (since != null && clock.instant().isBefore(retrySharedAt)) {
            return onLocal.get();
        }
        try {
            T result = onShared.get();
            if (since != null && fallingBackSince.compareAndSet(since, null)) {
                LOG.info("REST rate limits shared through Redis again, after {} ms on local limits",
                        Duration.between(since, clock.instant()).toMillis());
            }
            return result;
        } catch (StateUnavailableException e) {
            Instant now = clock.instant();
            retrySharedAt = now.plus(RETRY_SHARED_AFTER);
            if (since == null && fallingBackSince.compareAndSet(null, now)) {
                LOG.warn("REST rate limits fall back to local, conservative limits (1/{} of the global limit per worker): {}",
                        FALLBACK_GLOBAL_SHARE, e.getMessage());
            }
            return onLocal.get();
        }
    }

    private void either(Runnable onShared, Runnable onLocal) {
        either(() -> {
            onShared.run();
            return null;
        }, () -> {
            onLocal.run();
            return null;
        });
    }

    @Override
    public Optional<String> discordBucket(String routeKey) {
        return either(() -> shared.discordBucket(routeKey), () -> local.discordBucket(routeKey));
    }

    @Override
    public void rememberDiscordBucket(String routeKey, String discordBucket) {
        local.rememberDiscordBucket(routeKey, discordBucket); // cheap, and ready for a fallback
        either(() -> shared.rememberDiscordBucket(routeKey, discordBucket), () -> { });
    }

    @Override
    public Duration tryAcquire(String bucket, Instant now) {
        return either(() -> shared.tryAcquire(bucket, now), () -> local.tryAcquire(bucket, now));
    }

    @Override
    public void update(String bucket, int remaining, Instant resetAt) {
        either(() -> shared.update(bucket, remaining, resetAt), () -> local.update(bucket, remaining, resetAt));
    }

    @Override
    public Duration tryAcquireGlobal(int perSecond, Instant now) {
        return either(() -> shared.tryAcquireGlobal(perSecond, now),
                () -> local.tryAcquireGlobal(Math.max(1, perSecond / FALLBACK_GLOBAL_SHARE), now));
    }

    @Override
    public void blockGlobal(Instant until) {
        local.blockGlobal(until);
        either(() -> shared.blockGlobal(until), () -> { });
    }

    @Override
    public void blockIp(Instant since, Instant until) {
        local.blockIp(since, until);
        either(() -> shared.blockIp(since, until), () -> { });
    }

    @Override
    public Duration tryPassIpBlock(Instant now) {
        return either(() -> shared.tryPassIpBlock(now), () -> local.tryPassIpBlock(now));
    }

    @Override
    public void liftIpBlock(Instant sentAt) {
        local.liftIpBlock(sentAt);
        either(() -> shared.liftIpBlock(sentAt), () -> { });
    }

    @Override
    public long recordInvalidRequest(Instant now, Duration window) {
        return either(() -> shared.recordInvalidRequest(now, window), () -> local.recordInvalidRequest(now, window));
    }

    @Override
    public long invalidRequests(Instant now, Duration window) {
        return either(() -> shared.invalidRequests(now, window), () -> local.invalidRequests(now, window));
    }
}
