package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class IdentifyBudgetTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void refusesNewSessionsOnceOnlyTheReserveIsLeft() {
        IdentifyBudget budget = new IdentifyBudget(1000, 12, 60_000, 10, clock);
        assertThat(budget.allowsIdentify()).isTrue();
        budget.identified();
        assertThat(budget.allowsIdentify()).isTrue();
        budget.identified();
        assertThat(budget.remaining()).isEqualTo(10);
        assertThat(budget.allowsIdentify()).isFalse();
        assertThat(budget.describe()).containsEntry("remaining", 10).containsEntry("reserve", 10)
                .containsEntry("resetAfterMs", 60_000L);
    }

    @Test
    void allowsAgainOnceTheBudgetHasReset() {
        IdentifyBudget budget = new IdentifyBudget(1000, 0, 60_000, 10, clock);
        assertThat(budget.allowsIdentify()).isFalse();
        clock.advance(Duration.ofSeconds(59));
        assertThat(budget.allowsIdentify()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(budget.allowsIdentify()).isTrue();
        assertThat(budget.resetAfterMillis()).isZero();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
