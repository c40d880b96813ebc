package community.arrakis.gatewayproxy.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class WorkerMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerMetrics metrics = new WorkerMetrics(registry);

    /** A counter that first appears at 1 is invisible to increase(): Prometheus has no earlier sample. */
    @Test
    void expiredDeferredAndDeadLetteredExistAtZeroBeforeTheirFirstEvent() {
        assertThat(registry.get(WorkerMetrics.INTERACTIONS_EXPIRED).counter().count()).isZero();
        assertThat(registry.get(WorkerMetrics.AUTO_DEFERRED).counter().count()).isZero();
        assertThat(registry.get(WorkerMetrics.DEAD_LETTERED).tag("cause", "decode").counter().count()).isZero();
        assertThat(registry.get(WorkerMetrics.DEAD_LETTERED).tag("cause", "handler").counter().count()).isZero();

        metrics.expired();
        metrics.deadLettered("handler");

        assertThat(metrics.count(WorkerMetrics.INTERACTIONS_EXPIRED)).isEqualTo(1);
        assertThat(metrics.count(WorkerMetrics.DEAD_LETTERED, "cause", "handler")).isEqualTo(1);
        assertThat(metrics.count(WorkerMetrics.DEAD_LETTERED, "cause", "decode")).isZero();
    }

    @Test
    void restResponsesAreCountedByRouteTemplateAndStatusWithNoneForNoAnswer() {
        String route = "PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}";
        metrics.restResponse(route, 429);
        metrics.restResponse(route, 204);
        metrics.restResponse(route, 429);
        metrics.restResponse(route, 0);

        assertThat(metrics.count(WorkerMetrics.REST_RESPONSES, "route", route, "status", "429")).isEqualTo(2);
        assertThat(metrics.count(WorkerMetrics.REST_RESPONSES, "route", route, "status", "204")).isEqualTo(1);
        assertThat(metrics.count(WorkerMetrics.REST_RESPONSES, "route", route, "status", "none")).isEqualTo(1);
    }
}
