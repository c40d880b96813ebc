package community.arrakis.gatewayproxy.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.simulator.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadTimelineTest {
    private static final long ORIGIN = 1_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private static LoadReport reportOf(LoadTimeline timeline) {
        return new LoadReport(Map.of("profile", "constant 2/s"), List.of(), List.of(), 3.0, timeline.snapshot());
    }

    @Test
    void eventsCountInTheSecondTheyWereDispatchedNotAnswered() {
        LoadTimeline timeline = new LoadTimeline(ORIGIN, 1_700_000_000_000L, 10);
        timeline.sent(ORIGIN + 100_000_000);
        timeline.sent(ORIGIN + 2 * SECOND + 5);
        // Dispatched in second 0, answered 2.5 s later as a defer: still second 0.
        timeline.answered(ORIGIN + 100_000_000, 2_500_000_000L, true);
        timeline.expired(ORIGIN + 2 * SECOND + 5);

        List<LoadTimeline.Entry> entries = timeline.snapshot().entries();

        assertThat(entries).extracting(LoadTimeline.Entry::second).containsExactly(0, 1, 2);
        assertThat(entries.get(0).answered()).isEqualTo(1);
        assertThat(entries.get(0).deferred()).isEqualTo(1);
        assertThat(entries.get(0).latency().getMaxValue()).isBetween(2_480_000L, 2_520_000L);
        assertThat(entries.get(1).sent()).isZero();
        assertThat(entries.get(2).expired()).isEqualTo(1);
        assertThat(timeline.snapshot().deferred()).isEqualTo(1);
    }

    @Test
    void eventsAfterTheCapacityCountInTheLastSecond() {
        LoadTimeline timeline = new LoadTimeline(ORIGIN, 0, 2);
        timeline.sent(ORIGIN + 50 * SECOND);

        assertThat(timeline.snapshot().entries()).hasSize(2);
        assertThat(timeline.snapshot().entries().get(1).sent()).isEqualTo(1);
    }

    @Test
    void aWindowMergesTheSecondsHistogramsFromTheJson() throws Exception {
        LoadTimeline timeline = new LoadTimeline(ORIGIN, 1_700_000_000_000L, 10);
        for (int i = 0; i < 100; i++) {
            timeline.sent(ORIGIN + SECOND);
            timeline.answered(ORIGIN + SECOND, 2_000_000, false);   // second 1: 2 ms each
        }
        timeline.sent(ORIGIN + 2 * SECOND);
        timeline.answered(ORIGIN + 2 * SECOND, 900_000_000, false); // second 2: one at 900 ms
        timeline.sent(ORIGIN + 5 * SECOND);
        timeline.answered(ORIGIN + 5 * SECOND, 50_000_000, false);  // second 5: outside a 3 s window from 1
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(reportOf(timeline).toJson()));

        LoadChartTool.Window window = LoadChartTool.window(json,
                LoadChartTool.secondOf(json, 1_700_000_000_000L + 1_300), 3);

        assertThat(window.answered()).isEqualTo(101);
        assertThat(window.sent()).isEqualTo(101);
        assertThat(window.latency().getValueAtPercentile(50)).isBetween(1_990L, 2_010L);
        assertThat(window.latency().getMaxValue()).isBetween(890_000L, 910_000L);
    }

    @Test
    void theChartDrawsEachSeriesAndTheMarks() throws Exception {
        LoadTimeline timeline = new LoadTimeline(ORIGIN, 1_700_000_000_000L, 10);
        timeline.sent(ORIGIN);
        timeline.answered(ORIGIN, 3_000_000, false);
        JsonNode json = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(reportOf(timeline).toJson()));

        String html = LoadChart.html(json, "Cold <start>", List.of(new LoadChart.Mark("worker b started", 0.5)));

        assertThat(html).contains("<title>Cold &lt;start&gt;</title>").contains("worker b started")
                .contains("class=\"mark\"");
        for (String series : List.of("p50", "p99", "max", "dispatched", "answered", "deferred", "expired", "errors")) {
            assertThat(html).contains("<polyline class=\"" + series + "\"");
        }
    }
}
