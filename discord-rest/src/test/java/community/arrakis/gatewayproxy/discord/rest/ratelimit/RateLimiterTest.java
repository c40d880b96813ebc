package community.arrakis.gatewayproxy.discord.rest.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.rest.route.CompiledRoute;
import community.arrakis.gatewayproxy.discord.rest.route.Route;
import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.250Z"));
    private final InMemoryRateLimitStore store = new InMemoryRateLimitStore();
    private final RateLimiter limiter = new RateLimiter(store, clock, 50, 100);

    private static RateLimitHeaders headers(String bucket, int remaining, double resetAfterSeconds) {
        return new RateLimitHeaders(Optional.ofNullable(bucket), OptionalInt.of(5), OptionalInt.of(remaining),
                Optional.of(Duration.ofMillis((long) (resetAfterSeconds * 1000))), false, Optional.empty(), Optional.empty());
    }

    private static RateLimitHeaders tooMany(String scope, boolean global) {
        return new RateLimitHeaders(Optional.of("abc"), OptionalInt.empty(), OptionalInt.of(0), Optional.empty(), global,
                Optional.ofNullable(scope), Optional.of(Duration.ofSeconds(2)));
    }

    @Test
    void waitsForTheResetOnceABucketIsSpent() {
        CompiledRoute guild1 = Route.ADD_GUILD_MEMBER_ROLE.compile("1", "2", "3");
        assertThat(limiter.tryAcquireBucket(guild1)).isZero();
        limiter.onResponse(guild1, 204, headers("abc", 1, 2.5), null, false);
        assertThat(limiter.tryAcquireBucket(guild1)).isZero();
        assertThat(limiter.tryAcquireBucket(guild1)).isEqualTo(Duration.ofMillis(2500));
        clock.advance(Duration.ofMillis(2500));
        assertThat(limiter.tryAcquireBucket(guild1)).isZero();
    }

    @Test
    void learnsTheBucketHashButKeepsResourcesApart() {
        CompiledRoute guild1 = Route.ADD_GUILD_MEMBER_ROLE.compile("1", "2", "3");
        CompiledRoute guild2 = Route.ADD_GUILD_MEMBER_ROLE.compile("2", "2", "3");
        limiter.onResponse(guild1, 204, headers("abc", 0, 5), null, false);
        assertThat(limiter.bucketKey(guild1)).isEqualTo("abc|guild:1");
        assertThat(limiter.tryAcquireBucket(guild1)).isPositive();
        assertThat(limiter.tryAcquireBucket(guild2)).isZero();
    }

    @Test
    void outOfOrderResponsesOfOneWindowKeepTheLowestRemaining() {
        CompiledRoute route = Route.CREATE_MESSAGE.compile("9");
        limiter.onResponse(route, 200, headers("m", 1, 5), null, false);
        limiter.onResponse(route, 200, headers("m", 3, 5), null, false); // an earlier request's late answer
        assertThat(limiter.tryAcquireBucket(route)).isZero();
        assertThat(limiter.tryAcquireBucket(route)).isPositive();
    }

    @Test
    void allowsFiftyRequestsPerSecondGlobally() {
        CompiledRoute route = Route.CREATE_MESSAGE.compile("9");
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.tryAcquireGlobal(route)).isZero();
        }
        assertThat(limiter.tryAcquireGlobal(route)).isEqualTo(Duration.ofMillis(750));
        clock.advance(Duration.ofMillis(750));
        assertThat(limiter.tryAcquireGlobal(route)).isZero();
    }

    @Test
    void interactionRoutesIgnoreTheGlobalLimit() {
        CompiledRoute message = Route.CREATE_MESSAGE.compile("9");
        for (int i = 0; i < 50; i++) {
            limiter.tryAcquireGlobal(message);
        }
        assertThat(limiter.tryAcquireGlobal(Route.CREATE_INTERACTION_RESPONSE.compile("1", "t"))).isZero();
        assertThat(limiter.tryAcquireGlobal(message)).isPositive();
    }

    @Test
    void aRoute429BlocksThatBucketForRetryAfter() {
        CompiledRoute route = Route.CREATE_MESSAGE.compile("9");
        Duration wait = limiter.onResponse(route, 429, tooMany("user", false), Duration.ofMillis(1500), false);
        assertThat(wait).isEqualTo(Duration.ofMillis(1500));
        assertThat(limiter.tryAcquireBucket(route)).isEqualTo(Duration.ofMillis(1500));
        assertThat(limiter.tryAcquireGlobal(Route.CREATE_MESSAGE.compile("10"))).isZero();
        assertThat(limiter.invalidRequestCount()).isEqualTo(1);
    }

    @Test
    void aGlobal429BlocksEveryNonExemptRoute() {
        CompiledRoute route = Route.CREATE_MESSAGE.compile("9");
        limiter.onResponse(route, 429, tooMany("global", true), Duration.ofSeconds(3), true);
        assertThat(limiter.tryAcquireGlobal(Route.ADD_GUILD_MEMBER_ROLE.compile("1", "2", "3"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(limiter.tryAcquireGlobal(Route.CREATE_FOLLOWUP_MESSAGE.compile("1", "t"))).isZero();
    }

    @Test
    void shared429sDoNotCountAsInvalidRequests() {
        CompiledRoute route = Route.CREATE_MESSAGE.compile("9");
        limiter.onResponse(route, 429, tooMany("shared", false), Duration.ofSeconds(1), false);
        assertThat(limiter.invalidRequestCount()).isZero();
    }

    @Test
    void invalidRequestBudgetTripsAtTheLimitAndRecoversAfterTenMinutes() {
        CompiledRoute route = Route.CREATE_MESSAGE.compile("9");
        for (int i = 0; i < 99; i++) {
            limiter.onResponse(route, i % 2 == 0 ? 401 : 403, headers(null, 5, 1), null, false);
        }
        assertThat(limiter.invalidRequestBudgetExhausted()).isFalse();
        limiter.onResponse(route, 403, headers(null, 5, 1), null, false);
        assertThat(limiter.invalidRequestBudgetExhausted()).isTrue();
        clock.advance(Duration.ofMinutes(10).plusMillis(1));
        assertThat(limiter.invalidRequestBudgetExhausted()).isFalse();
    }

    private static RateLimitHeaders noHeaders(Duration retryAfter) {
        return new RateLimitHeaders(Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Optional.empty(), false,
                Optional.empty(), Optional.ofNullable(retryAfter));
    }

    @Test
    void onlyA429WithoutDiscordsJsonAndScopeIsTakenForALimitOnTheIp() {
        assertThat(RateLimiter.isIpRateLimit(429, noHeaders(null), false)).isTrue();
        assertThat(RateLimiter.isIpRateLimit(429, noHeaders(null), true)).as("Discord's JSON body").isFalse();
        assertThat(RateLimiter.isIpRateLimit(429, tooMany("user", false), false)).as("Discord's scope header").isFalse();
        assertThat(RateLimiter.isIpRateLimit(429, tooMany(null, true), false)).as("Discord's global header").isFalse();
        assertThat(RateLimiter.isIpRateLimit(502, noHeaders(null), false)).isFalse();
    }

    @Test
    void theClassCommentsIpBlockExample() {
        CompiledRoute role = Route.ADD_GUILD_MEMBER_ROLE.compile("1", "2", "3");
        CompiledRoute callback = Route.CREATE_INTERACTION_RESPONSE.compile("1", "t");

        assertThat(limiter.onIpRateLimited(noHeaders(null))).isEqualTo(RateLimiter.IP_BLOCK_DEFAULT_WAIT);
        limiter.onAnswered(clock.instant().minusMillis(5)); // an earlier request's answer says nothing about the block
        assertThat(limiter.invalidRequestCount()).isEqualTo(1);
        assertThat(limiter.tryPassIpBlock()).isEqualTo(Duration.ofSeconds(2));
        assertThat(limiter.tryAcquireGlobal(callback)).as("exempt from the global limit, not from the IP block").isZero();

        clock.advance(Duration.ofSeconds(2));
        Instant probeSent = clock.instant();
        assertThat(limiter.tryPassIpBlock()).as("the probe").isZero();
        assertThat(limiter.tryPassIpBlock()).as("held while the probe is out").isPositive()
                .isLessThanOrEqualTo(InMemoryRateLimitStore.PROBE_POLL);
        clock.advance(Duration.ofMillis(40));
        limiter.onAnswered(probeSent);
        assertThat(limiter.tryPassIpBlock()).isZero();
        assertThat(limiter.tryPassIpBlock()).isZero();
        assertThat(limiter.tryAcquireBucket(role)).isZero();
    }

    @Test
    void aProbeThatMeetsTheLimitAgainRenewsTheBlockAndALostProbeIsReplacedAfterItsLease() {
        limiter.onIpRateLimited(noHeaders(Duration.ofSeconds(3)));
        assertThat(limiter.tryPassIpBlock()).isEqualTo(Duration.ofSeconds(3));
        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.tryPassIpBlock()).isZero();
        assertThat(limiter.onIpRateLimited(noHeaders(Duration.ZERO))).as("Retry-After 0 still waits a second")
                .isEqualTo(RateLimiter.IP_BLOCK_MINIMUM_WAIT);
        assertThat(limiter.tryPassIpBlock()).isEqualTo(Duration.ofSeconds(1));
        assertThat(limiter.invalidRequestCount()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        assertThat(limiter.tryPassIpBlock()).as("second probe").isZero();
        clock.advance(InMemoryRateLimitStore.PROBE_LEASE); // it never got an answer (refused, timed out)
        assertThat(limiter.tryPassIpBlock()).as("third probe").isZero();
        assertThat(limiter.tryPassIpBlock()).isPositive();
    }

    @Test
    void aGlobal429OnARouteExemptFromTheGlobalLimitBlocksTheIp() {
        CompiledRoute callback = Route.CREATE_INTERACTION_RESPONSE.compile("1", "t");
        Duration wait = limiter.onResponse(callback, 429, tooMany(null, true), Duration.ofMillis(1500), true);
        assertThat(wait).isEqualTo(Duration.ofMillis(1500));
        assertThat(limiter.tryPassIpBlock()).isEqualTo(Duration.ofMillis(1500));
        assertThat(limiter.invalidRequestCount()).isEqualTo(1);
    }
}
