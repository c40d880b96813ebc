package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.rest.GatewayBot;
import community.arrakis.gatewayproxy.testkit.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdentifyBudgetRefresherTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void asksDiscordAgainOnlyOnceTheResetIsDueAndStartsOverFromItsFigure() {
        IdentifyBudget budget = new IdentifyBudget(1000, 15, 60_000, 10, clock);
        IdentifyBudgetRefresher refresher = new IdentifyBudgetRefresher(budget, () -> {
            calls.incrementAndGet();
            return new GatewayBot(URI.create("wss://gateway.example"), 1,
                    new GatewayBot.SessionStartLimit(1000, 990, 86_400_000, 1));
        });
        refresher.run();
        assertThat(calls).hasValue(0);

        clock.advance(Duration.ofSeconds(60));
        refresher.run();
        assertThat(calls).hasValue(1);
        assertThat(budget.remaining()).isEqualTo(990);
        assertThat(budget.resetAfterMillis()).isEqualTo(86_400_000);

        refresher.run();
        assertThat(calls).as("not again before the next reset").hasValue(1);
    }

    @Test
    void aFailedRefreshIsTriedAgainOnTheNextTickAndIdentifiesStayAllowedMeanwhile() {
        IdentifyBudget budget = new IdentifyBudget(1000, 0, 1_000, 10, clock);
        IdentifyBudgetRefresher refresher = new IdentifyBudgetRefresher(budget, () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("Discord is down");
            }
            return new GatewayBot(URI.create("wss://gateway.example"), 1,
                    new GatewayBot.SessionStartLimit(1000, 1000, 86_400_000, 1));
        });
        clock.advance(Duration.ofSeconds(1));
        refresher.run();
        assertThat(budget.allowsIdentify()).isTrue();
        refresher.run();
        assertThat(calls).hasValue(2);
        assertThat(budget.remaining()).isEqualTo(1000);
    }
}
