package community.arrakis.gatewayproxy.worker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.RedisKeys;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedisStateStoreIT {

    private final RedisKeys keys = RedisKeys.unique("redisstate");
    private final RedisStateStore store = RedisStateStore.connect(keys.url(), keys.prefix());

    @AfterEach
    void cleanUp() {
        store.close();
        keys.deleteAll();
    }

    @Test
    void cooldownUsesTheDocumentedKeyAndBlocksUntilItExpires() {
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(30))).isEmpty();
        assertThat(keys.get("cd:daily:u1")).isNotNull();
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(30)))
                .hasValueSatisfying(left -> assertThat(left).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(30)));
        store.clearCooldown("daily", "u1");
        assertThat(store.cooldownRemaining("daily", "u1")).isEmpty();
    }

    @Test
    void sessionsLiveUnderTheirKeyUntilTheirTtl() {
        store.putSession("wizard", "u1", "step-2", Duration.ofMillis(300));
        assertThat(keys.get("sess:wizard:u1")).isEqualTo("step-2");
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
        flushScripts(); // as after a Redis restart: the claim script must be loaded again
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

    /**
     * Makes the machine's Redis forget every loaded Lua script, as a restart would. Every user of
     * scripts there (other tests, other bots) loads them again on NOSCRIPT, as ours must.
     */
    private void flushScripts() {
        RedisClient client = RedisClient.create(keys.url());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().scriptFlush();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
