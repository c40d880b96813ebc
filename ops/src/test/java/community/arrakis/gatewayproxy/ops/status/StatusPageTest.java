package community.arrakis.gatewayproxy.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void aHealthyProcessSaysSoAtTheTopWithNoReasons() {
        String html = StatusPage.render(snapshot(List.of(shard(0, "READY", Health.HEALTHY, "")), List.of()));

        assertThat(html).contains("<h1 id=\"verdict\" data-health=\"healthy\">HEALTHY</h1>")
                .contains("<header class=\"healthy\">")
                .contains("Every part answers and nothing waits for you.")
                .doesNotContain("id=\"reasons\"");
    }

    @Test
    void aStoppedShardMakesTheVerdictDownAndIsNamedAmongTheReasons() {
        String html = StatusPage.render(snapshot(List.of(
                shard(0, "READY", Health.HEALTHY, ""),
                shard(1, "STOPPED", Health.DOWN, "authentication failed (4004)"),
                shard(2, "RESUMING", Health.DEGRADED, "")), List.of()));

        assertThat(html).contains("<h1 id=\"verdict\" data-health=\"down\">DOWN</h1>")
                .contains("<li>shard 1 STOPPED: authentication failed (4004)</li>")
                .contains("<li>shard 2 RESUMING</li>")
                .contains("<tr class=\"down\" data-shard=\"1\" data-health=\"down\">")
                .contains("<tr class=\"healthy\" data-shard=\"0\" data-health=\"healthy\">")
                .contains("1 of 3 healthy");
        assertThat(html.indexOf("shard 1 STOPPED")).as("down reasons come first").isLessThan(html.indexOf("shard 2 RESUMING"));
    }

    @Test
    void everyTextIsEscaped() {
        StatusSnapshot snapshot = new StatusSnapshot("worker", "<w1>", NOW, NOW.minusSeconds(5),
                List.of(new Signal("Redis", Health.DOWN, "unusable since <script>alert('x')</script> & more")),
                List.of(), List.of(), List.of(),
                List.of(new LogLine(NOW, "WARN", "Worker", "a \"quoted\" <b>line</b>", 1)));

        String html = StatusPage.render(snapshot);

        assertThat(html).doesNotContain("<script>").doesNotContain("<w1>").doesNotContain("<b>line</b>")
                .contains("unusable since &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more")
                .contains("a &quot;quoted&quot; &lt;b&gt;line&lt;/b&gt;");
    }

    @Test
    void refreshesItselfAndLinksTheJson() {
        String html = StatusPage.render(snapshot(List.of(), List.of()));

        assertThat(html).contains("<meta http-equiv=\"refresh\" content=\"5\">").contains("href=\"/status.json\"");
    }

    @Test
    void showsFiguresQueuesAndRepeatedLogLines() {
        StatusSnapshot snapshot = new StatusSnapshot("ingestor", "shards 0-0 of 1", NOW, NOW.minus(Duration.ofMinutes(3)),
                List.of(), List.of(),
                List.of(new Figure("events published", 1234.5, "/s", Health.HEALTHY, "over the last 60 s"),
                        new Figure("interactions expired", 3, "", Health.DEGRADED, "in the last 60 s")),
                List.of(QueueRow.consumed("arrakis.interactions", 12, 2, 100), QueueRow.deadLetters("arrakis.dlq", 4, 0),
                        QueueRow.unknown("arrakis.events.guild", "no connection to RabbitMQ")),
                List.of(new LogLine(NOW, "ERROR", "ShardSupervisor", "shard 0: stopped for good", 3)));

        String html = StatusPage.render(snapshot);

        assertThat(html).contains("<div class=\"num\">1,235/s</div>").contains("<div class=\"num\">3</div>")
                .contains("<h1 id=\"verdict\" data-health=\"degraded\">DEGRADED</h1>")
                .contains("<li>queue arrakis.dlq: 4 dead-lettered messages to look at")
                .contains("<li>interactions expired: 3 (in the last 60 s)</li>")
                .contains("unknown: no connection to RabbitMQ")
                .contains("×3").contains("up 3 min");
    }

    private static StatusSnapshot snapshot(List<ShardRow> shards, List<Signal> dependencies) {
        return new StatusSnapshot("ingestor", "shards 0-2 of 3", NOW, NOW.minusSeconds(90), dependencies, shards,
                List.of(), List.of(), List.of());
    }

    private static ShardRow shard(int id, String state, Health health, String note) {
        return new ShardRow(id, state, health, Duration.ofSeconds(2), Duration.ofMillis(41), 0, note);
    }
}
