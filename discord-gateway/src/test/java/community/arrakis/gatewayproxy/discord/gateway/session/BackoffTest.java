package community.arrakis.gatewayproxy.discord.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.0);
    private final Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), () -> 0.999999);

    @Test
    void attemptZeroWaitsNothing() {
        assertThat(highest.delay(0)).isZero();
    }

    @Test
    void doublesPerAttemptWithinEqualJitter() {
        assertThat(lowest.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(highest.delay(1)).isEqualTo(Duration.ofMillis(1000));
        assertThat(lowest.delay(3)).isEqualTo(Duration.ofMillis(2000));
        assertThat(highest.delay(3)).isEqualTo(Duration.ofMillis(4000));
    }

    @Test
    void neverExceedsTheCapEvenForHugeAttempts() {
        assertThat(highest.delay(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(highest.delay(1_000)).isEqualTo(Duration.ofSeconds(60));
        assertThat(lowest.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rejectsACapBelowTheBase() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), () -> 0))
                .hasMessageContaining("cap");
    }
}
