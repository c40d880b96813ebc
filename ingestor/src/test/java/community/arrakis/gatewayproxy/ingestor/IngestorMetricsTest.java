package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IngestorMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final IngestorMetrics metrics = new IngestorMetrics(registry);

    @Test
    void shardStateIsOneForTheCurrentStateAndZeroForEveryOther() {
        AtomicReference<ShardStatus> status = new AtomicReference<>(ShardStatus.CONNECTING);
        metrics.registerShard(4, status::get);

        assertThat(states("4")).hasSize(ShardStatus.values().length)
                .containsEntry("CONNECTING", 1.0).containsEntry("READY", 0.0);
        status.set(ShardStatus.READY);
        assertThat(states("4")).containsEntry("CONNECTING", 0.0).containsEntry("READY", 1.0)
                .as("exactly one state at a time").extractingFromEntries(Map.Entry::getValue).containsOnlyOnce(1.0);
    }

    /** A counter that first appears at 1 is invisible to increase(): Prometheus has no earlier sample. */
    @Test
    void countersWithKnownLabelsExistAtZeroBeforeTheirFirstEvent() {
        metrics.registerShard(2, () -> ShardStatus.IDLE);

        assertThat(registry.get(IngestorMetrics.EVENTS_DEAD_LETTERED).tags("shard", "2", "reason", "invalid").counter().count())
                .isZero();
        assertThat(registry.get(IngestorMetrics.EVENTS_DEAD_LETTERED).tags("shard", "2", "reason", "unroutable").counter()
                .count()).isZero();
        assertThat(registry.get(IngestorMetrics.EVENTS_REPUBLISHED).tags("shard", "2").counter().count()).isZero();
        assertThat(registry.get(IngestorMetrics.SHARD_PAUSES).tags("shard", "2").counter().count()).isZero();
        assertThat(registry.get(IngestorMetrics.RESUMES).tags("shard", "2").counter().count()).isZero();
        assertThat(registry.get(IngestorMetrics.INTERACTIONS_SELF_DEFERRED).counters()).hasSize(4);

        metrics.deadLettered(2, "invalid");
        metrics.selfDeferred("deferred");

        assertThat(registry.get(IngestorMetrics.EVENTS_DEAD_LETTERED).tags("shard", "2", "reason", "invalid").counter().count())
                .isEqualTo(1);
        assertThat(registry.get(IngestorMetrics.INTERACTIONS_SELF_DEFERRED).tags("outcome", "deferred").counter().count())
                .isEqualTo(1);
    }

    private Map<String, Double> states(String shard) {
        return registry.find(IngestorMetrics.SHARD_STATE).tag("shard", shard).gauges().stream()
                .collect(Collectors.toMap(g -> g.getId().getTag("state"), Gauge::value));
    }
}
