package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.app.ops.OpsEndpoints;
import community.arrakis.gatewayproxy.app.ops.ProblemLogAppender;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The status pages of an ingestor with four shards and of a worker, opened as the {@code ingestor}
 * and {@code worker} commands open them ({@link OpsEndpoints}), against the simulator, RabbitMQ and
 * Redis, and read by headless Chromium as the person on call would: the page renders, lists every
 * shard, shows a shard Discord stopped for good as down (and the verdict down because of it), and
 * carries no secret even when one was logged. The screenshots are left in
 * {@code target/status-page/} for a person to look at.
 */
class StatusPageIT {

    private static final int SHARDS = 4;
    private static final int STOPPED_SHARD = 2;
    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    private static final Path OUT = Path.of("target", "status-page");
    private static final Pattern SHARD_ROW = Pattern.compile("<tr class=\"(\\w+)\" data-shard=\"(\\d+)\" data-health=\"(\\w+)\">(.*?)</tr>");

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    /** Shaped like a real bot token, so the page's redaction has to recognise it, not just a test string. */
    private final String botToken = "MTI4NzY1NDMyMTAxMjM0NTY3OA.St" + id.substring(0, 4) + ".pAgE" + UUID.randomUUID().toString().replace("-", "");
    private final Topology topology = Topology.withPrefix("it-status-" + id + ".");
    private final String redisPrefix = "it-status-" + id + ":";
    private final HeadlessChromium chromium = new HeadlessChromium(OUT.resolve("chromium-console.log"));
    private final List<AutoCloseable> running = new ArrayList<>();

    private DiscordSimulator simulator;
    private Ingestor ingestor;
    private Worker worker;
    private OpsEndpoints ingestorOps;
    private OpsEndpoints workerOps;

    @BeforeEach
    void startPipeline() throws Exception {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0).withBotToken(botToken)
                .withRecommendedShards(SHARDS).withMaxConcurrency(SHARDS).withWorld(new WorldSpec(8, 4, 2)));
        SecretRedactor redactor = OpsEndpoints.redactor(botToken, SharedServices.AMQP_URL, SharedServices.REDIS_URL);

        ProblemLogAppender ingestorProblems = ProblemLogAppender.attach(redactor);
        running.add(ingestorProblems);
        ingestor = new Ingestor(IngestorConfig.builder().botToken(botToken)
                .apiBaseUrl(simulator.apiBaseUrl())
                .amqpUrl(SharedServices.AMQP_URL).topology(topology)
                .redisUrl(SharedServices.REDIS_URL).redisKeyPrefix(redisPrefix)
                .opsPort(0).build()).start();
        running.add(ingestor);
        ingestorOps = OpsEndpoints.forIngestor(0, ingestor, ingestorProblems, redactor);
        running.add(ingestorOps);

        ProblemLogAppender workerProblems = ProblemLogAppender.attach(redactor);
        running.add(workerProblems);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        worker = Worker.start(WorkerConfig.builder().amqpUrl(SharedServices.AMQP_URL).redisUrl(SharedServices.REDIS_URL)
                        .apiBaseUrl(simulator.apiBaseUrl())
                        .topology(topology).redisKeyPrefix(redisPrefix).workerId("it-status-" + id)
                        .botToken(botToken).build(),
                BuiltInHandlers.create(null), registry);
        running.add(worker);
        workerOps = OpsEndpoints.forWorker(0, worker, registry, workerProblems, redactor);
        running.add(workerOps);
        // four identifies and a worker on a loaded two-core machine: up to 15 s seen
        await().atMost(Duration.ofSeconds(60)).until(() -> ingestor.isReady() && worker.ready());
    }

    @AfterEach
    void stopPipeline() throws Exception {
        for (AutoCloseable part : running.reversed()) {
            part.close();
        }
        try (Connection connection = BrokerConnections.connect(SharedServices.AMQP_URL, "StatusPageIT cleanup")) {
            new TopologyDeclarer(topology).delete(connection);
        }
        RedisKeys.of(redisPrefix).deleteAll();
        simulator.close();
    }

    @Test
    void bothPagesRenderInABrowserShowEveryShardAShardThatIsDownAsDownAndNoSecret() throws Exception {
        Guild guild = simulator.world().guilds().get(0);
        List<String> interactionTokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), guild.members().get(i % 2).user().id(), "ping");
            RecordedRequest answer = simulator.requests().await(r -> r.is("POST", CALLBACK)
                    && r.pathParam("interaction_id").orElse("").equals(ping.id()), Duration.ofSeconds(10));
            interactionTokens.add(answer.pathParam("interaction_token").orElseThrow());
        }
        // What a careless library might log: both pages must show the line, and neither the secrets.
        LoggerFactory.getLogger("community.arrakis.gatewayproxy.e2e.CarelessLibrary").warn(
                "retrying with token {} for POST /interactions/{}/{}/callback via amqp://guest:guest@127.0.0.1",
                botToken, "1234567890", interactionTokens.get(0));
        assertThat(simulator.faults().close(STOPPED_SHARD, 4004)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingestor.shardStatus(STOPPED_SHARD) == ShardStatus.STOPPED);

        String ingestorDom = chromium.dumpDom(page(ingestorOps));
        chromium.screenshot(page(ingestorOps), OUT.resolve("ingestor.png"));

        assertThat(verdictOf(ingestorDom)).isEqualTo("down");
        assertThat(ingestorDom).contains("<li>shard " + STOPPED_SHARD + " STOPPED: ").contains("4004");
        List<String[]> rows = shardRows(ingestorDom);
        assertThat(rows).extracting(row -> row[1]).containsExactly("0", "1", "2", "3");
        for (String[] row : rows) {
            boolean stopped = row[1].equals(Integer.toString(STOPPED_SHARD));
            assertThat(row[2]).as("shard %s health", row[1]).isEqualTo(stopped ? "down" : "healthy");
            assertThat(row[3]).as("shard %s state", row[1]).contains(stopped ? ">STOPPED<" : ">READY<");
        }
        assertThat(ingestorDom).contains(topology.interactionsQueue()).contains(topology.deadLetterQueue())
                .contains("CarelessLibrary").contains("retrying with token [redacted]");
        assertNoSecret(ingestorDom, interactionTokens);

        String workerDom = chromium.dumpDom(page(workerOps));
        chromium.screenshot(page(workerOps), OUT.resolve("worker.png"));

        assertThat(verdictOf(workerDom)).isEqualTo("healthy");
        assertThat(workerDom).contains("it-status-" + id).contains("Discord REST").contains("events processed")
                .contains(topology.interactionsQueue()).contains("this worker: consuming")
                .contains("retrying with token [redacted]")
                .doesNotContain("data-shard=");
        assertNoSecret(workerDom, interactionTokens);

        for (OpsEndpoints ops : List.of(ingestorOps, workerOps)) {
            HttpResponse<String> json = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ops.port() + "/status.json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(json.statusCode()).isEqualTo(200);
            assertNoSecret(json.body(), interactionTokens);
        }
        for (String png : List.of("ingestor.png", "worker.png")) {
            byte[] image = Files.readAllBytes(OUT.resolve(png));
            assertThat(image).as(png).hasSizeGreaterThan(10_000).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    private static URI page(OpsEndpoints ops) {
        return URI.create("http://127.0.0.1:" + ops.port() + "/");
    }

    private static String verdictOf(String dom) {
        Matcher verdict = Pattern.compile("<h1 id=\"verdict\" data-health=\"(\\w+)\">").matcher(dom);
        assertThat(verdict.find()).as("the page has a verdict:\n%s", dom).isTrue();
        return verdict.group(1);
    }

    /** Each shard row: class, shard id, data-health, cells. */
    private static List<String[]> shardRows(String dom) {
        List<String[]> rows = new ArrayList<>();
        Matcher row = SHARD_ROW.matcher(dom);
        while (row.find()) {
            rows.add(new String[] {row.group(1), row.group(2), row.group(3), row.group(4)});
        }
        return rows;
    }

    private void assertNoSecret(String text, List<String> interactionTokens) {
        assertThat(text).doesNotContain(botToken).doesNotContain("guest:guest");
        for (String token : interactionTokens) {
            assertThat(text).doesNotContain(token);
        }
    }
}
