package community.arrakis.gatewayproxy.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.app.Main;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The shadow ingestor's guards: it never answers an interaction itself, and it opens no session
 * while the bot's daily identify budget, shared with the live bot, is at or below its floor.
 */
class ShadowIngestorIT {

    private final String prefix = "it-shadowing-" + UUID.randomUUID().toString().substring(0, 8);
    private DiscordSimulator simulator;

    @BeforeEach
    void startSimulator() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0).withSessionStartLimit(400));
    }

    @AfterEach
    void cleanUp() {
        simulator.close();
        Main.execute("topology", "delete", "--topology-prefix", prefix + ".");
        RedisKeys.of(prefix + ":").deleteAll();
    }

    @Test
    void aShadowIngestorRefusesToAnswerInteractionsItself() {
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "ingestor", "--shadow",
                "--defer-unconfirmed-interactions", "--token", simulator.config().botToken());

        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains("--shadow and --defer-unconfirmed-interactions exclude each other");
    }

    @Test
    void aShadowIngestorOpensNoSessionWhileTheBudgetIsAtOrBelowItsFloor() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "ingestor",
                "--shadow", "--discord-api-url", simulator.apiBaseUrl().toString(), "--token", simulator.config().botToken(),
                "--ops-port", Integer.toString(port), "--rabbitmq-url", SharedServices.AMQP_URL,
                "--redis-url", SharedServices.REDIS_URL, "--topology-prefix", prefix + ".", "--redis-prefix", prefix + ":"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
            // the simulator's budget is 400 remaining; the shadow's default floor 500
            HttpResponse<String> health = await().atMost(Duration.ofSeconds(40)).ignoreExceptions()
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()),
                            r -> r.body().contains("\"remaining\":400"));
            assertThat(health.body()).contains("\"reserve\":500");
            assertThat(health.statusCode()).as("not ready: its shard has no session").isEqualTo(503);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> simulator.sessions().isEmpty());
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
