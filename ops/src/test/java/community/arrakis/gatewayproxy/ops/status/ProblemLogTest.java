package community.arrakis.gatewayproxy.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProblemLogTest {

    private static final Instant T0 = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void keepsTheLastLinesNewestFirst() {
        ProblemLog log = new ProblemLog(3);
        for (int i = 1; i <= 5; i++) {
            log.add(T0.plusSeconds(i), "WARN", "Shard", "line " + i);
        }

        assertThat(log.lines()).extracting(LogLine::message).containsExactly("line 5", "line 4", "line 3");
    }

    @Test
    void aLineRepeatedAtOnceIsCountedNotStoredAgain() {
        ProblemLog log = new ProblemLog(3);
        log.add(T0, "WARN", "Other", "first");
        for (int i = 0; i < 10; i++) {
            log.add(T0.plusSeconds(i + 1), "WARN", "Shard", "reconnecting");
        }

        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().get(0).repeats()).isEqualTo(10);
        assertThat(log.lines().get(0).at()).isEqualTo(T0.plusSeconds(10));
        assertThat(log.lines().get(1).message()).isEqualTo("first");
    }

    @Test
    void cutsLongMessages() {
        ProblemLog log = new ProblemLog();
        log.add(T0, "ERROR", "X", "y".repeat(5_000));

        assertThat(log.lines().get(0).message()).hasSize(ProblemLog.MAX_MESSAGE_LENGTH + 2).endsWith(" …");
    }
}
