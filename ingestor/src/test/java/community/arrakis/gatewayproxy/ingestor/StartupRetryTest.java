package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StartupRetryTest {

    @Test
    void delayDoublesFromHalfASecondUpToFiveSeconds() {
        assertThat(StartupRetry.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(StartupRetry.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(StartupRetry.delay(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(StartupRetry.delay(5)).isEqualTo(Duration.ofSeconds(5));
        assertThat(StartupRetry.delay(1_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aFailureThatWaitingCannotMendIsRethrownAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> StartupRetry.untilReady("broker", Duration.ofMinutes(1), () -> {
            attempts.incrementAndGet();
            throw new IOException("PRECONDITION_FAILED - inequivalent arg 'x-max-priority'");
        }, e -> false, StartupRetry.AttemptListener.NONE)).isInstanceOf(IOException.class)
                .hasMessageContaining("inequivalent");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void withNoTimeForRetriesTheFirstFailureIsRethrown() {
        assertThatThrownBy(() -> StartupRetry.untilReady("broker", Duration.ZERO, () -> {
            throw new IllegalStateException("connection refused");
        }, e -> true, StartupRetry.AttemptListener.NONE)).isInstanceOf(IOException.class)
                .hasMessageContaining("broker").hasMessageContaining("connection refused");
    }

    @Test
    void retriesWithGrowingDelaysUntilTheStepSucceeds() throws Exception {
        SteppedTime time = new SteppedTime();
        AtomicInteger attempts = new AtomicInteger();
        String result = StartupRetry.untilReady("broker", Duration.ofMinutes(1), () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IOException("connection refused");
            }
            return "connected";
        }, e -> true, StartupRetry.AttemptListener.NONE, time.nanoTime(), time.sleeper());

        assertThat(result).isEqualTo("connected");
        assertThat(time.waits()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void givesUpWhenTheTimeIsUpAndTheLastWaitEndsAtTheDeadline() {
        SteppedTime time = new SteppedTime();
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> StartupRetry.untilReady("broker", Duration.ofSeconds(20), () -> {
            attempts.incrementAndGet();
            throw new IOException("connection refused");
        }, e -> true, StartupRetry.AttemptListener.NONE, time.nanoTime(), time.sleeper()))
                .isInstanceOf(IOException.class)
                .hasMessage("broker: connection refused (gave up after 8 attempts)");

        // 0.5 + 1 + 2 + 4 + 5 + 5 = 17.5 s, then the 2.5 s left: the last attempt is at the deadline
        assertThat(time.waits()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(2_500));
        assertThat(attempts).hasValue(8);
    }
}
