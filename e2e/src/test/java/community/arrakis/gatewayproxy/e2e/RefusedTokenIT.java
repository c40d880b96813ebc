package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.app.Main;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A bot token Discord refuses is the first thing many users meet. Each command that takes one runs
 * in a JVM of its own, as from a shell, against a simulator that knows another token: it must stop
 * with exit code 1 and one sentence saying that Discord refused the token and where it came from,
 * and print the token nowhere (stdout, stderr, log lines).
 */
class RefusedTokenIT {

    private static final String REFUSED = "error: Discord refused the bot token: GET /gateway/bot answered 401 "
            + "Unauthorized; check the token given with --token or the environment variable DISCORD_TOKEN";

    private final String wrongToken = "wrong-" + UUID.randomUUID();
    private final String prefix = "it-token-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private DiscordSimulator simulator;

    private record Run(int exitCode, String output) {
    }

    @BeforeEach
    void startSimulator() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0));
    }

    @AfterEach
    void cleanUp() {
        simulator.close();
        Main.execute("topology", "delete", "--topology-prefix", prefix); // the ingestor declares while it asks Discord
        RedisKeys.of(prefix).deleteAll();
    }

    @Test
    void ingestorSaysDiscordRefusedTheTokenFromTheEnvironment() throws Exception {
        Run run = run(Map.of("DISCORD_TOKEN", wrongToken), "ingestor", "--ops-port", "0",
                "--rabbitmq-url", SharedServices.AMQP_URL, "--redis-url", SharedServices.REDIS_URL,
                "--topology-prefix", prefix, "--redis-prefix", prefix);
        assertRefused(run);
    }

    @Test
    void workerSaysDiscordRefusedTheTokenBeforeItConsumesAnything() throws Exception {
        Run run = run(Map.of(), "worker", "--token", wrongToken, "--ops-port", "-1",
                "--rabbitmq-url", SharedServices.AMQP_URL, "--redis-url", SharedServices.REDIS_URL,
                "--topology-prefix", prefix, "--redis-prefix", prefix);
        assertRefused(run);
        assertThat(run.output()).doesNotContain("consuming");
    }

    @Test
    void standaloneSaysDiscordRefusedTheTokenEvenWithItsBotPrefix() throws Exception {
        Run run = run(Map.of(), "standalone", "--token", "Bot " + wrongToken);
        assertRefused(run);
    }

    private void assertRefused(Run run) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains(REFUSED).doesNotContain(wrongToken).doesNotContain("\tat ");
    }

    /** Runs the jar's entry point in a child JVM on this test's classpath; stdout and stderr together. */
    private Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        command.addAll(List.of("--discord-api-url", simulator.apiBaseUrl().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("DISCORD_TOKEN");
        builder.environment().putAll(env);
        Process process = builder.start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                process.getInputStream().transferTo(output);
            } catch (IOException e) {
                // the child was destroyed
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            reader.join();
            throw new AssertionError("still running after 60 s: " + output.toString(StandardCharsets.UTF_8));
        }
        reader.join();
        return new Run(process.exitValue(), output.toString(StandardCharsets.UTF_8));
    }
}
