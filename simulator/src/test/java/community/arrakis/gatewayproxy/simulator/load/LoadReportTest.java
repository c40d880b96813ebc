package community.arrakis.gatewayproxy.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {

    private static Histogram latencies(long... micros) {
        Histogram histogram = new Histogram(LoadDriver.MAX_TRACKED_MICROS, 3);
        for (long value : micros) {
            histogram.recordValue(value);
        }
        return histogram;
    }

    private static LoadReport report(long pingLost) {
        return new LoadReport(Map.of("profile", "constant 100/s"), List.of(
                new LoadReport.TypeResult(LoadEventType.PING, true, 100, 0, 100 - pingLost, 0, 0, pingLost,
                        latencies(1_000, 2_000, 40_000)),
                new LoadReport.TypeResult(LoadEventType.JOIN, true, 10, 0, 10, 0, 0, 0, latencies(5_000)),
                new LoadReport.TypeResult(LoadEventType.UPDATE, false, 5, 0, 0, 0, 0, 0, latencies())),
                List.of(new LoadReport.StageResult("100/s for 1.0 s", 115, 115, 1.0)), 1.0);
    }

    @Test
    void tableHasTheContextARowPerTypeAndATotal() {
        String table = report(0).withContext("rate limits", "off").toTable();

        // HdrHistogram reports the top of a value's bucket (3 significant digits): 40 ms prints as 40.03.

        assertThat(table).startsWith("Load run: profile constant 100/s · rate limits off · 1.0 s");
        assertThat(table).contains("| ping | 100 | 100 | 0 | 0 | 0 | 0 | 2.00 | 40.03 | 40.03 | 40.03 | 100 |");
        assertThat(table).contains("| join | 10 | 10 | 0 | 0 | 0 | 0 | 5.00 |");
        assertThat(table).contains("| update (sent only) | 5 | 0 |");
        assertThat(table).contains("| **total** | 115 | 110 | 0 | 0 | 0 | 0 |");
        assertThat(table).contains("| 100/s for 1.0 s | 115 | 115 | 1.00 | 115 |");
    }

    @Test
    void jsonCarriesTotalsTypesAndStagesAndIsWrittenWhereAsked(@TempDir Path dir) throws Exception {
        LoadReport report = report(3);
        Path file = dir.resolve("bench-results/nested/load.json");

        report.writeJson(file);

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.path("sent").asLong()).isEqualTo(115);
        assertThat(json.path("lost").asLong()).isEqualTo(3);
        assertThat(json.path("passed").asBoolean()).isFalse();
        assertThat(json.path("types").path("ping").path("latency_ms").path("p50").asDouble()).isEqualTo(2.0);
        assertThat(json.path("types").path("update").path("answer_expected").asBoolean()).isFalse();
        assertThat(json.path("stages").get(0).path("dispatch_rate").asLong()).isEqualTo(115);
        assertThat(json.path("context").path("profile").asText()).isEqualTo("constant 100/s");
    }

    @Test
    void passesOnlyWithoutLossesAndErrors() {
        assertThat(report(0).passed()).isTrue();
        assertThat(report(1).passed()).isFalse();
        assertThat(report(0).latencyMicros().getTotalCount()).isEqualTo(4);
    }
}
