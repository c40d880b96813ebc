package community.arrakis.gatewayproxy.worker.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.rest.ratelimit.InMemoryRateLimitStore;
import community.arrakis.gatewayproxy.discord.rest.route.Route;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InteractionBucketBypassTest {

    private final InMemoryRateLimitStore shared = new InMemoryRateLimitStore();
    private final InteractionBucketBypass store = new InteractionBucketBypass(shared);
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void perInteractionCallbackBucketsNeverReachTheSharedStore() {
        String callback = Route.CREATE_INTERACTION_RESPONSE.compile("123", "token").bucketKey("abc");
        store.update(callback, 1, now.plusSeconds(5));

        assertThat(store.tryAcquire(callback, now)).isZero();
        store.update(callback, 0, now.plusMillis(150)); // a 429 with retry_after 150 ms
        assertThat(shared.tryAcquire(callback, now)).as("nothing was stored").isZero();
    }

    @Test
    void aRateLimitedCallbackBucketHoldsItsRetryInThisProcessUntilTheReset() {
        String callback = Route.CREATE_INTERACTION_RESPONSE.compile("123", "token").bucketKey("abc");
        store.update(callback, 0, now.plusMillis(150));

        assertThat(store.tryAcquire(callback, now)).isEqualTo(Duration.ofMillis(150));
        assertThat(store.tryAcquire(callback, now.plusMillis(150))).isZero();
        assertThat(store.tryAcquire(callback, now)).as("forgotten after its reset").isZero();
    }

    @Test
    void otherBucketsAreShared() {
        String guild = Route.ADD_GUILD_MEMBER_ROLE.compile("1", "2", "3").bucketKey("def");
        store.update(guild, 0, now.plusSeconds(5));

        assertThat(store.tryAcquire(guild, now)).isEqualTo(Duration.ofSeconds(5));
        assertThat(shared.tryAcquire(guild, now)).isEqualTo(Duration.ofSeconds(5));
    }
}
