package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.time.Duration;
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
}
