package community.arrakis.gatewayproxy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void movesByWhatItIsAdvanced() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.250Z"));
        clock.advance(Duration.ofMillis(1_750));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z").toEpochMilli());
    }

    @Test
    void startsWhereItIsTold() {
        assertThat(new MutableClock().instant()).isEqualTo(MutableClock.DEFAULT_START);
        assertThat(new MutableClock(1_000L).millis()).isEqualTo(1_000L);
    }
}
