package community.arrakis.gatewayproxy.ops.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CounterWindowTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2025-03-01T12:00:00Z"));

    @Test
    void measuresFromTheStartUntilTheWindowIsFull() {
        CounterWindow window = new CounterWindow(Duration.ofSeconds(60), clock, 0);
        clock.advance(Duration.ofSeconds(30));

        CounterWindow.Increase increase = window.observe(300);

        assertThat(increase.amount()).isEqualTo(300);
        assertThat(increase.over()).isEqualTo(Duration.ofSeconds(30));
        assertThat(increase.perSecond()).isEqualTo(10.0);
    }

    @Test
    void thenOverTheLastWindowOnly() {
        // the class comment's example: samples every 5 s, 10/s after a slower start
        CounterWindow window = new CounterWindow(Duration.ofSeconds(60), clock, 0);
        double total = 0;
        for (int second = 5; second <= 90; second += 5) {
            clock.advance(Duration.ofSeconds(5));
            total += second <= 30 ? 0 : 50; // nothing for 30 s, then 10/s
            window.observe(total);
        }

        CounterWindow.Increase last = window.observe(total);

        assertThat(last.over()).isEqualTo(Duration.ofSeconds(60));
        assertThat(last.amount()).isEqualTo(600);
        assertThat(last.perSecond()).isEqualTo(10.0);
    }

    @Test
    void aLongSilenceIsMeasuredOverWhatItReallySpans() {
        CounterWindow window = new CounterWindow(Duration.ofSeconds(60), clock, 0);
        clock.advance(Duration.ofMinutes(10));

        CounterWindow.Increase increase = window.observe(600);

        assertThat(increase.over()).isEqualTo(Duration.ofMinutes(10));
        assertThat(increase.perSecond()).isEqualTo(1.0);
    }

    @Test
    void theFirstSampleOfAFreshWindowHasNoRate() {
        CounterWindow window = new CounterWindow(Duration.ofSeconds(60), clock, 42);

        assertThat(window.observe(42).perSecond()).isZero();
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> new CounterWindow(Duration.ZERO, clock, 0)).hasMessageContaining("window must be positive");
    }

}
