package community.arrakis.gatewayproxy.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VerdictTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void theWorstPartDecidesAndEachUnhealthyPartIsAReason() {
        Verdict verdict = snapshot(List.of(
                new Signal("RabbitMQ", Health.HEALTHY, "connected"),
                new Signal("Redis", Health.DEGRADED, "unreachable for 12 s"),
                new Signal("Discord REST", Health.DOWN, "Discord refused the bot token (401)")), List.of()).verdict();

        assertThat(verdict.health()).isEqualTo(Health.DOWN);
        assertThat(verdict.reasons()).containsExactly("Discord REST: Discord refused the bot token (401)",
                "Redis: unreachable for 12 s");
    }

    @Test
    void nothingUnhealthyIsHealthyWithoutReasons() {
        Verdict verdict = snapshot(List.of(new Signal("RabbitMQ", Health.HEALTHY, "connected")),
                List.of(shard(0, Health.HEALTHY))).verdict();

        assertThat(verdict.health()).isEqualTo(Health.HEALTHY);
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void manyShardsOfOneHealthAreSummedUpInOneReason() {
        List<ShardRow> shards = IntStream.range(0, 20).mapToObj(id -> shard(id, Health.DEGRADED)).toList();

        Verdict verdict = snapshot(List.of(), shards).verdict();

        assertThat(verdict.health()).isEqualTo(Health.DEGRADED);
        assertThat(verdict.reasons()).containsExactly(
                "20 shards degraded [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, …]");
    }

    @Test
    void aFewShardsAreNamedOneByOne() {
        Verdict verdict = snapshot(List.of(), List.of(shard(0, Health.HEALTHY), shard(3, Health.DEGRADED))).verdict();

        assertThat(verdict.reasons()).containsExactly("shard 3 RECONNECTING: waiting for identify slot");
    }

    private static StatusSnapshot snapshot(List<Signal> dependencies, List<ShardRow> shards) {
        return new StatusSnapshot("ingestor", "", NOW, NOW, dependencies, shards, List.of(), List.of(), List.of());
    }

    private static ShardRow shard(int id, Health health) {
        return new ShardRow(id, health == Health.HEALTHY ? "READY" : "RECONNECTING", health, Duration.ZERO, null, 0,
                health == Health.HEALTHY ? "" : "waiting for identify slot");
    }
}
