package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.app.Main;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Prometheus (the distribution's binary, installed by scripts/ensure-tools.sh) scraping a
 * real pipeline: the simulator, an ingestor and a worker each in a JVM of its own started through
 * the command line as in production (so their {@code /metrics} are what operators get), and
 * RabbitMQ's own exporter ({@code rabbitmq_prometheus} on 127.0.0.1:15692, enabled by
 * scripts/ensure-services.sh). Prometheus gets its own port and data directory, scrapes every
 * two seconds (a loaded machine may take more than one to answer) and evaluates
 * deploy/prometheus/rules/arrakis-alerts.yml every second.
 *
 * <p>What is and is not the real rules file: the expressions, labels and annotations are used as
 * they are; every {@code for:} is cut to 1 s, since waiting the real minute per alert would add
 * nothing the promtool unit tests (deploy/prometheus/tests) do not already prove about {@code for:}.
 * This test proves the other half: that the rules' expressions match what the processes and
 * RabbitMQ really serve, so "no worker running" fires when the last worker stops.
 *
 * <p>Then every query of the Grafana dashboard (deploy/grafana/dashboards/arrakis.json) runs
 * against this Prometheus, with Grafana's variables filled in, after slash commands, member joins,
 * a gateway reconnect and a rate-limited REST call have gone through; each must parse and return
 * data, and every metric name the dashboard and the rules use must exist. Every metric the
 * processes serve must be documented in docs/metrics.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusMonitoringIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RABBITMQ_EXPORTER = "127.0.0.1:15692";
    private static final String ADD_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";
    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    private static final int COMMANDS = 20;
    private static final int JOINS = 8;
    /** What Grafana's $__rate_interval and $__range become: longer than the whole run, so every rate sees the traffic. */
    private static final String WINDOW = "5m";
    /** The prefixes of the metric names we serve and use (ours, Micrometer's JVM and process binders, RabbitMQ's). */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:arrakis|jvm|process|system|rabbitmq)_[a-z0-9_]+)\\b");
    private static final List<String> CHILD_JVM = List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String topologyPrefix = "it-prom-" + id + ".";
    private final Topology topology = Topology.withPrefix(topologyPrefix);
    private final RedisKeys redisKeys = RedisKeys.of("it-prom-" + id + ":");
    private final String redisPrefix = redisKeys.prefix();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DiscordSimulator simulator;
    private ChildProcess ingestor;
    private ChildProcess worker;
    private ChildProcess prometheus;
    private Path prometheusDir;
    private URI prometheusUrl;
    private long startedNanos;

    @BeforeAll
    void startPipelineAndPrometheus() throws Exception {
        startedNanos = System.nanoTime();
        String prometheusBinary = MonitoringFiles.tool("prometheus");
        assertThat(get(URI.create("http://" + RABBITMQ_EXPORTER + "/metrics")))
                .as("RabbitMQ's rabbitmq_prometheus plugin on " + RABBITMQ_EXPORTER + " (scripts/ensure-services.sh enables it)")
                .contains("rabbitmq_identity_info");

        // heartbeats every 5 s (Discord: 41.25 s), so the round trip is measured within the run
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0).withRecommendedShards(2)
                .withMaxConcurrency(2).withHeartbeatInterval(Duration.ofSeconds(5)));
        Guild guild = simulator.world().guilds().get(1);
        String roleId = guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
        int ingestorPort = freePort();
        int workerPort = freePort();
        ingestor = ChildProcess.java("ingestor", CHILD_JVM, Main.class.getName(), List.of("ingestor",
                "--token", simulator.config().botToken(), "--discord-api-url", simulator.apiBaseUrl().toString(),
                "--rabbitmq-url", SharedServices.AMQP_URL, "--topology-prefix", topologyPrefix,
                "--redis-url", SharedServices.REDIS_URL, "--redis-prefix", redisPrefix,
                "--ops-port", Integer.toString(ingestorPort)), MonitoringFiles.ROOT);
        worker = ChildProcess.java("worker", CHILD_JVM, Main.class.getName(), List.of("worker",
                "--token", simulator.config().botToken(), "--discord-api-url", simulator.apiBaseUrl().toString(),
                "--rabbitmq-url", SharedServices.AMQP_URL, "--topology-prefix", topologyPrefix,
                "--redis-url", SharedServices.REDIS_URL, "--redis-prefix", redisPrefix,
                "--join-role", roleId, "--worker-id", "it-prom-" + id,
                "--ops-port", Integer.toString(workerPort)), MonitoringFiles.ROOT);
        awaitReady("ingestor", ingestor, ingestorPort);
        awaitReady("worker", worker, workerPort);

        prometheusDir = Files.createTempDirectory("it-prometheus-");
        Files.writeString(prometheusDir.resolve("rules.yml"), withShortFor(Files.readString(MonitoringFiles.RULES)));
        Files.writeString(prometheusDir.resolve("prometheus.yml"), config(ingestorPort, workerPort));
        int prometheusPort = freePort();
        prometheusUrl = URI.create("http://127.0.0.1:" + prometheusPort);
        prometheus = ChildProcess.start("prometheus", List.of(prometheusBinary,
                "--config.file=" + prometheusDir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + prometheusDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn"), prometheusDir);
        await("Prometheus ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .failFast(() -> !prometheus.alive()).ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> get(prometheusUrl.resolve("/-/ready")).contains("Ready"));
        awaitOrReport("every target scraped", Duration.ofSeconds(30),
                () -> query("count(up == 1)").path(0).path("value").path(1).asText().equals("4"));

        driveTraffic(guild);
    }

    /**
     * What the dashboard's rarer panels need: slash commands and member joins (latencies, REST
     * answers, settlements), a gateway reconnect (reconnects, resumes) and a role change Discord
     * rate-limits once (429s by route).
     */
    private void driveTraffic(Guild guild) {
        simulator.faults().requestReconnect(0);
        simulator.faults().failRoute(new RouteFault("PUT", ADD_ROLE, RouteFault.Kind.RATE_LIMITED, 1.0,
                Duration.ofSeconds(1)));
        String first = newcomer(0);
        simulator.emitMemberAdd(guild.id(), first);
        simulator.requests().await(r -> r.is("PUT", ADD_ROLE) && r.status() == 429, Duration.ofSeconds(30));
        simulator.faults().clearRouteFaults();
        for (int i = 0; i < COMMANDS; i++) {
            String user = guild.members().get(i % guild.members().size()).user().id();
            simulator.emitSlashCommand(guild.id(), user, "ping");
        }
        for (int i = 1; i < JOINS; i++) {
            simulator.emitMemberAdd(guild.id(), newcomer(i));
        }
        simulator.requests().awaitCount(r -> r.is("POST", CALLBACK) && r.status() == 204, COMMANDS, Duration.ofSeconds(30));
        simulator.requests().awaitCount(r -> r.is("PUT", ADD_ROLE) && r.status() == 204, JOINS, Duration.ofSeconds(30));
        awaitOrReport("Prometheus scraped the handled traffic", Duration.ofSeconds(30),
                () -> query("sum(arrakis_worker_events_processed_total{outcome=\"handled\"})").path(0).path("value")
                        .path(1).asDouble() >= COMMANDS + JOINS);
    }

    private static String newcomer(int i) {
        return Long.toString(Snowflakes.fromTimestamp(System.currentTimeMillis()) + 100 + i);
    }

    @Test
    @Order(1)
    void everyDashboardQueryParsesAndReturnsData() throws IOException {
        List<DashboardQuery> queries = DashboardQuery.all(JSON.readTree(MonitoringFiles.DASHBOARD.toFile()));
        assertThat(queries).hasSizeGreaterThan(40);
        // rates need a second scrape after the last event; give each query a few seconds
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> failures = new ArrayList<>();
            for (DashboardQuery q : queries) {
                String expr = q.expr().replace("${topology_prefix}", topologyPrefix)
                        .replace("$__rate_interval", WINDOW).replace("$__range", WINDOW);
                JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
                if (!"success".equals(answer.path("status").asText())) {
                    failures.add(q + ": " + answer.path("error").asText());
                } else if (answer.path("data").path("result").isEmpty()) {
                    failures.add(q + ": no data");
                }
            }
            assertThat(failures).as("dashboard queries that fail or return nothing").isEmpty();
        });
    }

    @Test
    @Order(2)
    void everyMetricTheDashboardAndTheRulesUseExistsAndEveryServedOneIsDocumented() throws IOException {
        Set<String> served = new TreeSet<>();
        api("/api/v1/label/__name__/values").path("data").forEach(name -> served.add(name.asText()));
        Set<String> used = new TreeSet<>();
        for (DashboardQuery q : DashboardQuery.all(JSON.readTree(MonitoringFiles.DASHBOARD.toFile()))) {
            used.addAll(metricNames(q.expr()));
        }
        for (JsonNode rule : MonitoringFiles.alertRules().values()) {
            used.addAll(metricNames(rule.path("expr").asText()));
        }
        assertThat(used.stream().filter(name -> !served.contains(name)).toList())
                .as("metric names the dashboard or the rules use that nothing serves").isEmpty();

        String documented = Files.readString(MonitoringFiles.METRICS_DOC);
        Set<String> ours = new TreeSet<>();
        api("/api/v1/label/__name__/values?match[]=" + URLEncoder.encode("{job=~\"arrakis-.*\"}", StandardCharsets.UTF_8))
                .path("data").forEach(name -> ours.add(name.asText()));
        ours.removeIf(PrometheusMonitoringIT::madeByPrometheus);
        assertThat(ours).as("what the ingestor and the worker serve").contains("arrakis_build_info",
                "process_resident_memory_bytes", "arrakis_ingestor_shard_state", "arrakis_worker_rest_responses_total");
        List<String> undocumented = Stream.concat(ours.stream(), used.stream()).distinct()
                .filter(name -> !documented.contains("`" + name + "`") && !documented.contains("`" + family(name) + "`"))
                .toList();
        assertThat(undocumented).as("metrics missing from docs/metrics.md").isEmpty();
    }

    @Test
    @Order(3)
    void noWorkerRunningFiresWhenTheLastWorkerStops() throws Exception {
        assertThat(firing()).as("alerts firing while the worker runs").doesNotContain("ArrakisNoWorkerRunning");

        long stopped = System.nanoTime();
        worker.stop();

        await("ArrakisNoWorkerRunning firing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> firing().contains("ArrakisNoWorkerRunning"));
        long firedAfter = (System.nanoTime() - stopped) / 1_000_000;
        await("ArrakisQueueWithoutConsumer firing for " + topologyPrefix + "arrakis.interactions")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> alerts().stream().anyMatch(a -> a.path("state").asText().equals("firing")
                        && a.path("labels").path("alertname").asText().equals("ArrakisQueueWithoutConsumer")
                        && a.path("labels").path("queue").asText().equals(topologyPrefix + "arrakis.interactions")));
        JsonNode noWorker = alerts().stream()
                .filter(a -> a.path("labels").path("alertname").asText().equals("ArrakisNoWorkerRunning")).findFirst()
                .orElseThrow();
        assertThat(noWorker.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(noWorker.path("annotations").path("runbook_url").asText()).endsWith("#arrakisnoworkerrunning");
        System.out.printf("PrometheusMonitoringIT: ArrakisNoWorkerRunning firing %d ms after the worker's SIGTERM "
                + "(scrapes every 2 s, evaluation every 1 s, for: 1 s); whole run %d s%n", firedAfter,
                (System.nanoTime() - startedNanos) / 1_000_000_000);
    }

    @AfterAll
    void stopEverything() throws Exception {
        for (ChildProcess process : new ChildProcess[] {prometheus, worker, ingestor}) {
            if (process != null) {
                process.stop();
            }
        }
        if (prometheusDir != null) {
            try (Stream<Path> files = Files.walk(prometheusDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        try (Connection connection = BrokerConnections.connect(SharedServices.AMQP_URL, "PrometheusMonitoringIT cleanup")) {
            new TopologyDeclarer(topology).delete(connection);
        }
        redisKeys.deleteAll();
        if (simulator != null) {
            simulator.close();
        }
    }

    /** A query of the dashboard, by the panel it feeds. */
    record DashboardQuery(String panel, String refId, String expr) {

        static List<DashboardQuery> all(JsonNode dashboard) {
            List<DashboardQuery> queries = new ArrayList<>();
            for (JsonNode panel : dashboard.path("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new DashboardQuery(panel.path("title").asText(), target.path("refId").asText(),
                            target.path("expr").asText()));
                }
            }
            return queries;
        }

        @Override
        public String toString() {
            return "panel '" + panel + "' " + refId + " [" + expr + "]";
        }
    }

    /** The real rules with every {@code for:} cut to 1 s (see the class comment). */
    static String withShortFor(String rules) {
        Matcher forClause = Pattern.compile("(?m)^(\\s+)for: \\S+$").matcher(rules);
        String shortened = forClause.replaceAll("$1for: 1s");
        assertThat(shortened).as("the rules have for: clauses to shorten").isNotEqualTo(rules);
        return shortened;
    }

    private static String config(int ingestorPort, int workerPort) {
        return """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 1s
                rule_files:
                  - rules.yml
                scrape_configs:
                  - job_name: arrakis-ingestor
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: arrakis-worker
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                  - job_name: rabbitmq
                    static_configs:
                      - targets: ["%s"]
                  - job_name: rabbitmq-queues
                    metrics_path: /metrics/detailed
                    params:
                      family: [queue_coarse_metrics, queue_consumer_count]
                    static_configs:
                      - targets: ["%s"]
                """.formatted(ingestorPort, workerPort, RABBITMQ_EXPORTER, RABBITMQ_EXPORTER);
    }

    private static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC_NAME.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** What Prometheus records about its targets and its rules itself. */
    private static boolean madeByPrometheus(String name) {
        return name.equals("up") || name.startsWith("scrape_") || name.startsWith("ALERTS");
    }

    /** A histogram's or summary's series name without its suffix: how docs/metrics.md lists it. */
    private static String family(String name) {
        return name.replaceFirst("_(bucket|count|sum|max)$", "");
    }

    private Set<String> firing() throws IOException {
        Set<String> names = new TreeSet<>();
        alerts().stream().filter(a -> a.path("state").asText().equals("firing"))
                .forEach(a -> names.add(a.path("labels").path("alertname").asText()));
        return names;
    }

    private List<JsonNode> alerts() throws IOException {
        List<JsonNode> alerts = new ArrayList<>();
        api("/api/v1/alerts").path("data").path("alerts").forEach(alerts::add);
        return alerts;
    }

    private JsonNode query(String promql) throws IOException {
        JsonNode answer = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return answer.path("data").path("result");
    }

    private JsonNode api(String pathAndQuery) throws IOException {
        return JSON.readTree(get(prometheusUrl.resolve(pathAndQuery)));
    }

    private String get(URI uri) throws IOException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Waits for a condition of the set-up; if it never holds, fails with what Prometheus and each process said. */
    private void awaitOrReport(String what, Duration atMost, Callable<Boolean> condition) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptionsInstanceOf(IOException.class)
                    .until(condition);
        } catch (ConditionTimeoutException e) {
            String targets;
            try {
                targets = query("up").toString() + "\nhandled: "
                        + query("arrakis_worker_events_processed_total").toString();
            } catch (IOException | RuntimeException unreachable) {
                targets = "Prometheus did not answer: " + unreachable;
            }
            fail(e.getMessage() + "\nPrometheus: " + targets + "\n" + processReports(), e);
        }
    }

    private void awaitReady(String name, ChildProcess process, int port) {
        try {
            await(name + " ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .failFast(() -> !process.alive())
                    .until(() -> readyStatus(port) == 200);
        } catch (RuntimeException e) {
            fail(name + " did not become ready: " + e.getMessage() + "\n" + process.report(), e);
        }
    }

    private int readyStatus(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private String processReports() {
        StringBuilder reports = new StringBuilder();
        for (ChildProcess process : new ChildProcess[] {ingestor, worker, prometheus}) {
            if (process != null) {
                reports.append(process.report());
            }
        }
        return reports.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
