package community.arrakis.gatewayproxy.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.app.Main;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The switch: the same {@code bot} command and options run standalone (its own gateway session)
 * when {@code ARRAKIS_USE_GATEWAY_PROXY=false} and a worker (no gateway session at all) when the
 * seed's {@code USE_GATEWAY_PROXY=true}; the log and {@code /health/ready} say which.
 */
class BotSwitchIT {

    private final String prefix = "it-switch-" + UUID.randomUUID().toString().substring(0, 8);
    private DiscordSimulator simulator;

    @BeforeEach
    void startSimulator() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0));
    }

    @AfterEach
    void cleanUp() {
        simulator.close();
        Main.execute("topology", "delete", "--topology-prefix", prefix + ".");
        RedisKeys.of(prefix + ":").deleteAll();
    }

    @Test
    void falseRunsStandaloneWithItsOwnGatewaySession() throws Exception {
        int port = freePort();
        String output = runUntilReady(Map.of("ARRAKIS_USE_GATEWAY_PROXY", "false"), port, health -> {
            assertThat(health).contains("\"mode\"").contains("standalone (ARRAKIS_USE_GATEWAY_PROXY=false)");
            assertThat(simulator.sessions()).as("its own gateway session").hasSize(1);
        });
        assertThat(output).contains("mode: standalone (ARRAKIS_USE_GATEWAY_PROXY=false)");
    }

    @Test
    void trueRunsAWorkerWithoutAnyGatewayConnection() throws Exception {
        int port = freePort();
        String output = runUntilReady(Map.of("USE_GATEWAY_PROXY", "true"), port, health -> {
            assertThat(health).contains("proxy (USE_GATEWAY_PROXY=true)").contains(prefix + ".arrakis.interactions\":{\"status\":\"UP\"");
            assertThat(simulator.sessions()).as("no gateway connection in proxy mode").isEmpty();
        });
        assertThat(output).contains("mode: proxy (USE_GATEWAY_PROXY=true)");
    }

    private interface HealthCheck {
        void check(String health) throws Exception;
    }

    /** Starts {@code bot} in a child JVM, waits for /health/ready to answer 200, checks it, stops the child with SIGTERM. */
    private String runUntilReady(Map<String, String> env, int port, HealthCheck check) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "bot",
                "--discord-api-url", simulator.apiBaseUrl().toString(), "--token", simulator.config().botToken(),
                "--ops-port", Integer.toString(port), "--rabbitmq-url", SharedServices.AMQP_URL,
                "--redis-url", SharedServices.REDIS_URL, "--topology-prefix", prefix + ".", "--redis-prefix", prefix + ":"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("ARRAKIS_USE_GATEWAY_PROXY");
        builder.environment().remove("USE_GATEWAY_PROXY");
        builder.environment().putAll(env);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the child was stopped
            }
        });
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build();
            HttpResponse<String> health = await().atMost(Duration.ofSeconds(40)).ignoreExceptions()
                    .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()), r -> r.statusCode() == 200);
            check.check(health.body());
        } finally {
            process.destroy(); // SIGTERM: the graceful stop
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            reader.join();
        }
        return output.toString(StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
