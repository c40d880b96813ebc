package community.arrakis.gatewayproxy.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.envelope.Snowflakes;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InteractionDeadlineTest {

    private static final long CREATED = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();
    private final InteractionDeadline deadline = InteractionDeadline.of(
            Long.toString(Snowflakes.fromTimestamp(CREATED)), Duration.ofMillis(1000), Duration.ofMillis(250));

    @Test
    void theClassCommentsWorkedExample() {
        assertThat(deadline.createdAtMillis()).isEqualTo(CREATED);
        assertThat(deadline.ageMillis(CREATED + 400)).isEqualTo(400);
        assertThat(deadline.firstResponseByMillis()).isEqualTo(CREATED + 3_000);
        assertThat(deadline.deferAtMillis()).isEqualTo(CREATED + 2_000);
        assertThat(deadline.millisUntilDefer(CREATED + 400)).isEqualTo(1_600);
        assertThat(deadline.millisUntilDefer(CREATED + 2_500)).isZero();
        assertThat(deadline.expiredOnArrival(CREATED + 400)).isFalse();
        assertThat(deadline.expiredOnArrival(CREATED + 2_800)).isTrue();
        assertThat(deadline.tokenValid(CREATED + Duration.ofMinutes(15).toMillis() - 1)).isTrue();
        assertThat(deadline.tokenValid(CREATED + Duration.ofMinutes(15).toMillis() + 1)).isFalse();
    }

    @Test
    void firstResponseIsPossibleUpToThreeSeconds() {
        assertThat(deadline.firstResponsePossible(CREATED + 2_749)).isTrue();
        assertThat(deadline.firstResponsePossible(CREATED + 2_750)).as("no time left to reach Discord").isFalse();
        assertThat(deadline.sendFirstByMillis()).isEqualTo(CREATED + 2_750);
        assertThat(deadline.firstResponsePossible(CREATED + 3_000)).isFalse();
    }
}
