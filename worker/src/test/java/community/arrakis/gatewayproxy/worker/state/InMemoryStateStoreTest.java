package community.arrakis.gatewayproxy.worker.state;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest {

    private final MutableClock clock = new MutableClock(1_000_000);
    private final InMemoryStateStore store = new InMemoryStateStore(clock);

    @Test
    void cooldownBlocksUntilItRunsOut() {
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(10))).isEmpty();
        clock.advance(Duration.ofSeconds(4));
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(10))).contains(Duration.ofSeconds(6));
        assertThat(store.tryCooldown("daily", "u2", Duration.ofSeconds(10))).isEmpty();
        clock.advance(Duration.ofSeconds(6));
        assertThat(store.cooldownRemaining("daily", "u1")).isEmpty();
        assertThat(store.tryCooldown("daily", "u1", Duration.ofSeconds(10))).isEmpty();
    }

    @Test
    void sessionsExpire() {
        store.putSession("wizard", "u1", "step-2", Duration.ofMinutes(5));
        assertThat(store.session("wizard", "u1")).contains("step-2");
        clock.advance(Duration.ofMinutes(5));
        assertThat(store.session("wizard", "u1")).isEmpty();
    }

    @Test
    void ledgerRunsAnEventOnceAndForgetsItAfterTheRetention() {
        assertThat(store.claim("e1", "w")).isEqualTo(ClaimResult.CLAIMED);
        assertThat(store.claim("e1", "w")).isEqualTo(ClaimResult.IN_PROGRESS);
        store.complete("e1", Duration.ofMinutes(15));
        assertThat(store.claim("e1", "w")).isEqualTo(ClaimResult.ALREADY_DONE);
        clock.advance(Duration.ofMinutes(15));
        assertThat(store.claim("e1", "w")).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void releasedEventMayRunAgain() {
        store.claim("e2", "w");
        store.release("e2", "w");
        assertThat(store.claim("e2", "w")).isEqualTo(ClaimResult.CLAIMED);
    }

    @Test
    void memoryStaysBoundedByLiveEntries() {
        for (int i = 0; i < 5_000; i++) {
            store.claim("e" + i, "w");
            store.complete("e" + i, Duration.ofSeconds(1));
            clock.advance(Duration.ofMillis(10));
        }
        assertThat(store.size()).isLessThanOrEqualTo(101);
    }
}
