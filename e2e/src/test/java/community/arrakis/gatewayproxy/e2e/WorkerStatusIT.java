package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import community.arrakis.gatewayproxy.app.ops.OpsEndpoints;
import community.arrakis.gatewayproxy.app.ops.ProblemLogAppender;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.PrivateRedis;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's status page when things go wrong around it, on a Redis of the test's own that it
 * kills: Redis named as down with the worker's own words, its interactions consumer paused, and
 * a message in the dead-letter queue counted. Read through {@code /status.json}, as a script would.
 */
class WorkerStatusIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Topology topology = Topology.withPrefix("it-worker-status-" + id + ".");
    private DiscordSimulator simulator;
    private PrivateRedis redis;
    private Worker worker;
    private OpsEndpoints ops;

    @BeforeEach
    void start() throws Exception {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0));
        redis = PrivateRedis.start();
        SecretRedactor redactor = OpsEndpoints.redactor(SimulatorConfig.DEFAULT_BOT_TOKEN, SharedServices.AMQP_URL, redis.url());
        ProblemLogAppender problems = ProblemLogAppender.attach(redactor);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        worker = Worker.start(WorkerConfig.builder().amqpUrl(SharedServices.AMQP_URL).redisUrl(redis.url())
                        .apiBaseUrl(simulator.apiBaseUrl())
                        .topology(topology).redisKeyPrefix("it-worker-status-" + id + ":")
                        .workerId("it-worker-status-" + id).botToken(SimulatorConfig.DEFAULT_BOT_TOKEN).build(),
                BuiltInHandlers.create(null), registry);
        ops = OpsEndpoints.forWorker(0, worker, registry, problems, redactor);
        await().atMost(Duration.ofSeconds(15)).until(worker::ready);
    }

    @AfterEach
    void stop() throws Exception {
        if (ops != null) {
            ops.close();
        }
        if (worker != null) {
            worker.close();
        }
        try (Connection connection = BrokerConnections.connect(SharedServices.AMQP_URL, "WorkerStatusIT cleanup")) {
            new TopologyDeclarer(topology).delete(connection);
        }
        redis.close();
        simulator.close();
    }

    @Test
    void redisGoneIsDownWithTheWorkersOwnWordsAndItsConsumerPaused() throws Exception {
        assertThat(status().at("/verdict/health").asText()).isEqualTo("healthy");

        redis.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> !worker.ready());
        JsonNode status = status();

        assertThat(status.at("/verdict/health").asText()).isEqualTo("down");
        JsonNode redisSignal = named(status.path("dependencies"), "name", "Redis");
        assertThat(redisSignal.path("health").asText()).isEqualTo("down");
        assertThat(redisSignal.path("detail").asText()).startsWith("unusable since");
        assertThat(status.at("/verdict/reasons").toString()).contains("Redis: unusable since");
        await().atMost(Duration.ofSeconds(5)).until(() ->
                named(status().path("queues"), "queue", topology.interactionsQueue()).path("note").asText()
                        .contains("this worker: paused: Redis is unusable"));
    }

    @Test
    void aMessageInTheDeadLetterQueueMakesItDegradedAndIsCounted() throws Exception {
        try (Connection connection = BrokerConnections.connect(SharedServices.AMQP_URL, "WorkerStatusIT dead letter");
             Channel channel = connection.createChannel()) {
            channel.confirmSelect();
            channel.basicPublish("", topology.deadLetterQueue(), MessageProperties.PERSISTENT_BASIC,
                    "{}".getBytes(StandardCharsets.UTF_8));
            channel.waitForConfirmsOrDie(5_000);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> status().at("/verdict/health").asText().equals("degraded"));
        JsonNode dlq = named(status().path("queues"), "queue", topology.deadLetterQueue());
        assertThat(dlq.path("messages").asLong()).isEqualTo(1);
        assertThat(dlq.path("health").asText()).isEqualTo("degraded");
        assertThat(status().at("/verdict/reasons/0").asText())
                .isEqualTo("queue " + topology.deadLetterQueue() + ": 1 dead-lettered message to look at "
                        + "(runbook: Messages in the dead-letter queue)");
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ops.port() + "/status.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode named(JsonNode array, String field, String value) {
        return StreamSupport.stream(array.spliterator(), false).filter(n -> n.path(field).asText().equals(value))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + " " + value + " in " + array));
    }
}
