package community.arrakis.gatewayproxy.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.common.Backoff.Jitter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final double LOWEST = 0.0;
    private static final double HIGHEST = 0.999999;

    private final Backoff equal = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), Jitter.EQUAL);
    private final Backoff full = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), Jitter.FULL);
    private final Backoff none = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5), Jitter.NONE);

    @Test
    void theCeilingDoublesPerAttemptUpToTheCap() {
        assertThat(full.ceiling(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(full.ceiling(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(full.ceiling(3)).isEqualTo(Duration.ofMillis(800));
        assertThat(full.ceiling(6)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void nothingIsWaitedBeforeTheFirstAttempt() {
        assertThat(equal.delay(0, () -> HIGHEST)).isZero();
        assertThat(none.delay(-1, () -> HIGHEST)).isZero();
    }

    @Test
    void equalJitterStaysBetweenHalfTheCeilingAndTheCeiling() {
        assertThat(equal.delay(1, () -> LOWEST)).isEqualTo(Duration.ofMillis(500));
        assertThat(equal.delay(1, () -> HIGHEST)).isEqualTo(Duration.ofMillis(1000));
        assertThat(equal.delay(3, () -> LOWEST)).isEqualTo(Duration.ofMillis(2000));
        assertThat(equal.delay(3, () -> HIGHEST)).isEqualTo(Duration.ofMillis(4000));
    }

    @Test
    void fullJitterSpreadsFromZeroToTheCeiling() {
        assertThat(full.delay(3, () -> LOWEST)).isZero();
        assertThat(full.delay(3, () -> 0.5)).isEqualTo(Duration.ofMillis(400));
        assertThat(full.delay(3, () -> HIGHEST)).isEqualTo(Duration.ofMillis(800));
    }

    @Test
    void noJitterIsTheCeilingWhateverTheRandomNumber() {
        assertThat(none.delay(1, () -> LOWEST)).isEqualTo(Duration.ofMillis(500));
        assertThat(none.delay(2, () -> HIGHEST)).isEqualTo(Duration.ofSeconds(1));
        assertThat(none.delay(4, () -> 0.3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(none.delay(5, () -> 0.3)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void neverExceedsTheCapEvenForHugeAttempts() {
        assertThat(equal.delay(7, () -> HIGHEST)).isEqualTo(Duration.ofSeconds(60));
        assertThat(equal.delay(1_000, () -> HIGHEST)).isEqualTo(Duration.ofSeconds(60));
        assertThat(equal.delay(Integer.MAX_VALUE, () -> LOWEST)).isEqualTo(Duration.ofSeconds(30));
        assertThat(full.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
        assertThat(none.delay(32, () -> LOWEST)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsANonPositiveBaseAndACapBelowIt() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(1), Jitter.FULL))
                .hasMessage("backoff cap must be at least the base (PT5S), was PT1S");
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Jitter.FULL))
                .hasMessage("backoff base must be a positive duration, was PT0S");
    }
}
