package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingestor's status source against the simulator, a real RabbitMQ and Redis: what
 * {@code /status.json} and the page say about its shards, dependencies, rates and queues. The
 * pipeline's own consumer takes every queue, so the queues have a consumer as with workers.
 */
class IngestorStatusIT {

    private static final int SHARDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SimulatedPipeline pipeline;
    private Ingestor ingestor;

    @BeforeEach
    void start() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults().withRecommendedShards(SHARDS)
                .withMaxConcurrency(SHARDS).withWorld(new WorldSpec(6, 4, 2)), "status");
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(SHARDS));
        await().atMost(Duration.ofSeconds(15)).until(ingestor::isReady);
    }

    @AfterEach
    void stop() throws Exception {
        if (ingestor != null) {
            ingestor.close();
        }
        pipeline.close();
    }

    @Test
    void aHealthyIngestorShowsEveryShardItsDependenciesRatesAndQueues() throws Exception {
        SimulatedTraffic.burst(pipeline.discord, 60);
        await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.receivedCount() >= 60);

        JsonNode status = status();

        assertThat(status.path("process").asText()).isEqualTo("ingestor");
        assertThat(status.path("instance").asText()).isEqualTo("shards 0-2 of 3");
        assertThat(status.at("/verdict/health").asText()).as(status.toPrettyString()).isEqualTo("healthy");
        assertThat(texts(status.path("shards"), "shard")).containsExactly("0", "1", "2");
        assertThat(texts(status.path("shards"), "state")).containsOnly("READY");
        assertThat(texts(status.path("dependencies"), "name")).containsExactly("RabbitMQ", "Redis", "Discord gateway");
        assertThat(texts(status.path("dependencies"), "health")).containsOnly("healthy");
        assertThat(figure(status, "events published").path("value").asDouble()).isPositive();
        assertThat(texts(status.path("queues"), "queue")).containsExactlyElementsOf(pipeline.topology.queues());
        assertThat(texts(status.path("queues"), "consumers")).containsOnly("1");
    }

    @Test
    void aShardDiscordStoppedForGoodIsDownAndNamedInTheVerdict() throws Exception {
        assertThat(pipeline.discord.faults().close(1, 4004)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ingestor.shardStatus(1) == ShardStatus.STOPPED);

        JsonNode status = status();

        assertThat(status.at("/verdict/health").asText()).isEqualTo("down");
        assertThat(status.at("/verdict/reasons/0").asText()).startsWith("shard 1 STOPPED: ").contains("4004");
        JsonNode shard1 = status.path("shards").get(1);
        assertThat(shard1.path("health").asText()).isEqualTo("down");
        assertThat(texts(status.path("shards"), "health")).containsExactly("healthy", "down", "healthy");

        HttpResponse<String> page = SimulatedPipeline.getOps(ingestor, "/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<h1 id=\"verdict\" data-health=\"down\">DOWN</h1>")
                .contains("data-shard=\"1\" data-health=\"down\"");
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> response = SimulatedPipeline.getOps(ingestor, "/status.json");
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(node -> node.path(field).asText()).toList();
    }

    private static JsonNode figure(JsonNode status, String name) {
        return StreamSupport.stream(status.path("figures").spliterator(), false)
                .filter(f -> f.path("name").asText().equals(name)).findFirst().orElseThrow();
    }
}
