package community.arrakis.gatewayproxy.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.ops.status.Health;
import community.arrakis.gatewayproxy.ops.status.ShardRow;
import community.arrakis.gatewayproxy.ops.status.Signal;
import community.arrakis.gatewayproxy.ops.status.StatusSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerIT {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicBoolean shardReady = new AtomicBoolean(false);
    private final HttpClient http = HttpClient.newHttpClient();
    private OpsServer server;

    @BeforeEach
    void start() throws Exception {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("broker", () -> HealthCheck.Result.up(Map.of("connection", "open")));
        checks.put("shard-0", () -> new HealthCheck.Result(shardReady.get(), Map.of("state", shardReady.get() ? "READY" : "CONNECTING")));
        server = OpsServer.start(0, registry, checks);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readyIs503UntilEveryCheckIsHealthyAndListsEachCheck() throws Exception {
        HttpResponse<String> notReady = get("/health/ready");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(notReady.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{"
                + "\"broker\":{\"status\":\"UP\",\"details\":{\"connection\":\"open\"}},"
                + "\"shard-0\":{\"status\":\"DOWN\",\"details\":{\"state\":\"CONNECTING\"}}}}");

        shardReady.set(true);
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).startsWith("{\"status\":\"UP\"").contains("\"state\":\"READY\"");
    }

    @Test
    void liveIsUpEvenWhenNotReady() throws Exception {
        HttpResponse<String> live = get("/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void metricsServesThePrometheusTextFormat() throws Exception {
        registry.counter("arrakis_test_events", "shard", "3").increment(2);
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue(OpsServer.PROMETHEUS_CONTENT_TYPE);
        assertThat(metrics.body()).contains("arrakis_test_events_total{shard=\"3\"} 2.0");
    }

    @Test
    void aFailingCheckCountsAsDownInsteadOfBreakingTheEndpoint() throws Exception {
        server.close();
        server = OpsServer.start(0, registry, Map.of("broken", () -> {
            throw new IllegalStateException("boom");
        }));
        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"error\":\"boom\"");
    }

    @Test
    void theStatusPageAndItsJsonComeFromTheStatusSource() throws Exception {
        server.close();
        Instant now = Instant.now();
        server = OpsServer.start(0, registry, Map.of(), () -> new StatusSnapshot("ingestor", "shards 0-1 of 2", now,
                now.minusSeconds(60), List.of(new Signal("RabbitMQ", Health.HEALTHY, "connected")),
                List.of(new ShardRow(0, "READY", Health.HEALTHY, Duration.ofMillis(1500), Duration.ofMillis(40), 0, ""),
                        new ShardRow(1, "STOPPED", Health.DOWN, null, null, 0, "authentication failed")),
                List.of(), List.of(), List.of()));

        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("data-health=\"down\">DOWN</h1>").contains("data-shard=\"1\"");

        HttpResponse<String> json = get("/status.json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.body()).startsWith("{\"process\":\"ingestor\",\"instance\":\"shards 0-1 of 2\"")
                .contains("\"verdict\":{\"health\":\"down\",\"reasons\":[\"shard 1 STOPPED: authentication failed\"]}")
                .contains("{\"shard\":0,\"state\":\"READY\",\"health\":\"healthy\",\"lastEventAgeMs\":1500,"
                        + "\"heartbeatRttMs\":40,\"held\":0,\"note\":\"\"}")
                .contains("\"lastEventAgeMs\":null");
    }

    @Test
    void otherPathsAre404AndAProcessWithoutAStatusSourceHasNoPage() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/status.json").statusCode()).isEqualTo(404);
        server.close();
        server = OpsServer.start(0, registry, Map.of(), () -> {
            throw new IllegalStateException("boom");
        });
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
        HttpResponse<String> broken = get("/");
        assertThat(broken.statusCode()).isEqualTo(500);
        assertThat(broken.body()).contains("Status unavailable").doesNotContain("boom");
    }

    @Test
    void aPortInUseIsNamedWithItsOption() {
        assertThatThrownBy(() -> OpsServer.start(server.port(), registry, Map.of()))
                .isInstanceOf(java.net.BindException.class)
                .hasMessageStartingWith("cannot listen on ops port " + server.port() + " (--ops-port): ");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
