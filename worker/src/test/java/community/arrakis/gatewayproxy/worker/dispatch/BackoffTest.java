package community.arrakis.gatewayproxy.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    @Test
    void ceilingDoublesPerRetryUpToTheCap() {
        assertThat(backoff.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.ceiling(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(backoff.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.ceiling(100)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void delayIsFullJitterBelowTheCeiling() {
        assertThat(backoff.delay(3, () -> 0.0)).isEqualTo(Duration.ZERO);
        assertThat(backoff.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delay(3, () -> 0.999)).isLessThan(Duration.ofMillis(800));
    }

    @Test
    void rejectsACapBelowTheBase() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageStartingWith("backoff cap must be >= base");
    }
}
