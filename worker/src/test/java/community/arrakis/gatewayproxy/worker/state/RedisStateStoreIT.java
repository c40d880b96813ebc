package community.arrakis.gatewayproxy.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.worker.testing.RedisKeys;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisStateStoreIT {

    private final String prefix = "it-redisstate-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private final RedisStateStore store = RedisStateStore.connect(RedisKeys.REDIS_URL, prefix);

    @AfterEach
    void cleanUp() {
        store.close();
        RedisKeys.deleteAll(prefix);
    }

    @Test
    void cooldownUsesTheDocumentedKeyAndBlocksUntilItExpires() {
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(30))).isEmpty();
        assertThat(RedisKeys.get(prefix + "cd:daily:u1")).isNotNull();
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(30)))
                .hasValueSatisfying(left -> assertThat(left).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        store.clearCooldown("daily", "u1");
        assertThat(store.cooldownRemaining("daily", "u1")).isEmpty();
    }

    @Test
    void sessionsLiveUnderTheirKeyUntilTheirTtl() {
        store.putSession("wizard", "u1", "step-2", Duration.ofMillis(300));
        assertThat(RedisKeys.get(prefix + "sess:wizard:u1")).isEqualTo("step-2");
        assertThat(store.session("wizard", "u1")).contains("step-2");
        await().atMost(Duration.ofSeconds(3)).until(() -> store.session("wizard", "u1").isEmpty());
    }

    @Test
    void ledgerRunsAnEventOnceAcrossWorkers() {
        store.heartbeat("w1", Duration.ofSeconds(30));
        assertThat(store.claim("e1", "w1")).isEqualTo(ClaimResult.CLAIMED);
        assertThat(store.claim("e1", "w2")).isEqualTo(ClaimResult.IN_PROGRESS);
        store.complete("e1", Duration.ofMinutes(1));
        assertThat(store.claim("e1", "w2")).isEqualTo(ClaimResult.ALREADY_DONE);
    }

    @Test
    void eventOfAWorkerThatStoppedHeartbeatingIsTakenOver() {
        store.heartbeat("crashed", Duration.ofMillis(300));
        store.heartbeat("w2", Duration.ofSeconds(30));
        assertThat(store.claim("e2", "crashed")).isEqualTo(ClaimResult.CLAIMED);
        assertThat(store.claim("e2", "w2")).isEqualTo(ClaimResult.IN_PROGRESS);
        await().atMost(Duration.ofSeconds(3)).until(() -> store.claim("e2", "w2") == ClaimResult.TAKEN_OVER);
        // the new owner is alive, so the old one cannot take it back
        assertThat(store.claim("e2", "crashed")).isEqualTo(ClaimResult.IN_PROGRESS);
    }

    @Test
    void claimsGoOnAfterRedisForgetsItsScripts() {
        store.heartbeat("w1", Duration.ofSeconds(30));
        assertThat(store.claim("e4", "w1")).isEqualTo(ClaimResult.CLAIMED);
        RedisKeys.flushScripts(); // as after a Redis restart: the claim script must be loaded again
        assertThat(store.claim("e5", "w1")).isEqualTo(ClaimResult.CLAIMED);
        assertThat(store.claim("e4", "w2")).isEqualTo(ClaimResult.IN_PROGRESS);
    }

    @Test
    void releaseOnlyFreesTheOwnersClaim() {
        store.heartbeat("w1", Duration.ofSeconds(30));
        store.claim("e3", "w1");
        store.release("e3", "w2");
        assertThat(store.claim("e3", "w3")).isEqualTo(ClaimResult.IN_PROGRESS);
        store.release("e3", "w1");
        assertThat(store.claim("e3", "w3")).isEqualTo(ClaimResult.CLAIMED);
    }
}
