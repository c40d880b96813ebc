package community.arrakis.gatewayproxy.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The env files and the container image: every variable they set is one the jar reads (a typo
 * would be silently ignored, leaving the default), no secret is committed, the image runs as a
 * non-root user on a JRE with a liveness health check, and its entrypoint uses the README's flags.
 */
class DeployEnvironmentTest {

    private static final List<String> ENV_FILES = List.of("env/production.env", "env/staging.env");
    private static final Set<String> SECRETS = Set.of("DISCORD_TOKEN", "RABBITMQ_URL", "REDIS_URL");
    /** The README's recommended ingestor command line: MALLOC_ARENA_MAX=2 java <flags> -jar arrakis-gateway-proxy.jar ingestor. */
    private static final Pattern README_INGESTOR_FLAGS = Pattern.compile(
            "MALLOC_ARENA_MAX=2 java (.+?) -jar arrakis-gateway-proxy\\.jar ingestor", Pattern.DOTALL);
    private static final Pattern ENTRYPOINT_INGESTOR_FLAGS = Pattern.compile("(?m)^INGESTOR_FLAGS=\"([^\"]+)\"");

    @Test
    void theJarReadsVariablesThisTestCanCheck() {
        // Guards the checks below: names found through picocli's model and the logging configuration.
        assertThat(DeployFiles.cliEnvironment("ingestor")).contains("DISCORD_TOKEN", "ARRAKIS_SHARDS", "RABBITMQ_URL");
        assertThat(DeployFiles.cliEnvironment("worker")).contains("ARRAKIS_PREFETCH").doesNotContain("ARRAKIS_SHARDS");
        assertThat(DeployFiles.processEnvironment()).contains("ARRAKIS_LOG_FORMAT", "ARRAKIS_LOG_LEVEL", "JAVA_OPTS",
                "MALLOC_ARENA_MAX");
    }

    @Test
    void everyVariableOfTheEnvFilesIsReadByTheIngestorOrTheWorker() {
        // The same file configures both (one ConfigMap); each name must mean something to one of them.
        Set<String> known = new TreeSet<>(DeployFiles.environmentOf("ingestor"));
        known.addAll(DeployFiles.environmentOf("worker"));
        for (String file : ENV_FILES) {
            Map<String, String> entries = DeployFiles.envFile(DeployFiles.deploy().resolve(file));
            assertThat(entries).as(file).isNotEmpty();
            for (String name : entries.keySet()) {
                assertThat(known).as("%s sets %s, which neither the ingestor nor the worker reads (they read %s)",
                        file, name, known).contains(name);
            }
        }
    }

    @Test
    void theEnvFilesHoldNoSecret() {
        for (String file : ENV_FILES) {
            Map<String, String> entries = DeployFiles.envFile(DeployFiles.deploy().resolve(file));
            assertThat(entries.keySet()).as("%s: secrets belong in the secret store", file).doesNotContainAnyElementsOf(SECRETS);
            entries.forEach((name, value) -> assertThat(value).as("%s in %s", name, file).doesNotContainPattern("://[^/@]+:[^/@]+@"));
        }
    }

    @Test
    void theImageRunsAsNonRootOnAJreWithALivenessHealthCheck() {
        String containerfile = DeployFiles.read(DeployFiles.deploy().resolve("Containerfile"));
        String runtime = containerfile.substring(containerfile.lastIndexOf("\nFROM ") + 1);
        assertThat(runtime.lines().findFirst().orElseThrow()).as("the runtime stage's base").containsAnyOf("-jre", "distroless");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(runtime);
        assertThat(user.find()).as("a USER line in the runtime stage").isTrue();
        assertThat(user.group(1)).as("the runtime user").doesNotStartWith("root").doesNotStartWith("0");
        assertThat(runtime).containsPattern("(?m)^HEALTHCHECK .*/health/live");
        assertThat(runtime).containsPattern("(?m)^ENTRYPOINT \\[\"arrakis-entrypoint\"\\]");
        for (String script : List.of("arrakis-entrypoint", "arrakis-healthcheck")) {
            Path file = DeployFiles.deploy().resolve("container").resolve(script);
            assertThat(file).as("%s, which the image copies", script).isRegularFile();
            assertThat(file.toFile().canExecute()).as("%s is executable", script).isTrue();
        }
    }

    @Test
    void theEntrypointRunsTheIngestorWithTheReadmesFlags() {
        Matcher readme = README_INGESTOR_FLAGS.matcher(DeployFiles.read(DeployFiles.root().resolve("README.md")));
        assertThat(readme.find()).as("the README's recommended ingestor command line").isTrue();
        Matcher entrypoint = ENTRYPOINT_INGESTOR_FLAGS.matcher(
                DeployFiles.read(DeployFiles.deploy().resolve("container/arrakis-entrypoint")));
        assertThat(entrypoint.find()).as("INGESTOR_FLAGS in the entrypoint").isTrue();
        assertThat(entrypoint.group(1)).isEqualTo(readme.group(1).replaceAll("\\s+", " ").strip());
        assertThat(DeployFiles.read(DeployFiles.deploy().resolve("Containerfile")))
                .as("the README's MALLOC_ARENA_MAX").containsPattern("(?m)^ENV MALLOC_ARENA_MAX=2$");
    }
}
