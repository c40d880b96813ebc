package community.arrakis.gatewayproxy.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose.yaml as docker-compose itself reads it ({@code config}: anchors merged, paths
 * resolved), and deploy/prometheus/prometheus.yml as promtool reads it. No container engine runs
 * on the test machine, so this is what can be checked of the stack without starting it: that
 * Compose accepts the file with and without the simulator profile, that everything it mounts or
 * builds from exists, that the Arrakis services set only variables their mode reads, and that
 * Prometheus scrapes services and ports the stack has. The tools come from scripts/ensure-tools.sh.
 */
class ComposeStackIT {

    private static final Path COMPOSE = DeployFiles.deploy().resolve("compose.yaml");
    private static final Path PROMETHEUS = DeployFiles.deploy().resolve("prometheus/prometheus.yml");
    /**
     * TODO(ops-prom): the alert rules (deploy/prometheus/rules) and the Grafana dashboard and its
     * provisioning (deploy/grafana/dashboards, deploy/grafana/provisioning) are written on the
     * ops-prom branch. Until it is merged, these three mounts, and only these, may be missing;
     * once they exist they are checked like every other. Delete this set after the merge.
     */
    private static final Set<String> AWAITED_FROM_OPS_PROM = Set.of(
            "deploy/prometheus/rules", "deploy/grafana/dashboards", "deploy/grafana/provisioning");
    /** Exported by a developer for a run against Discord; the checks want the file's own defaults. */
    private static final Set<String> CALLER_VARIABLES = Set.of("DISCORD_TOKEN", "DISCORD_API_URL", "RABBITMQ_PASSWORD",
            "GRAFANA_ADMIN_PASSWORD");

    /** What a tool printed: its standard output (the resolved file) and, apart, its errors. */
    private record Run(int exitCode, String output, String errors) {
        String both() {
            return output + errors;
        }
    }

    @Test
    void composeAcceptsTheFileWithAndWithoutTheSimulatorProfile() {
        for (List<String> profile : List.of(List.<String>of(), List.of("--profile", "simulator"))) {
            Run run = compose(profile, "config", "-q");
            assertThat(run.exitCode()).as("docker-compose %s config -q:%n%s", profile, run.both()).isZero();
        }
    }

    @Test
    void theStackHasItsServicesAndTheSimulatorOnlyInItsProfile() {
        JsonNode services = resolved(List.of()).path("services");
        assertThat(services(resolved(List.of())))
                .contains("rabbitmq", "redis", "ingestor", "worker-1", "worker-2", "prometheus", "grafana", "simulator");
        // docker-compose 1.29's config lists every service; `up` starts a profiled one only with its profile.
        services.fields().forEachRemaining(service -> assertThat(service.getValue().path("profiles").toString())
                .as("profiles of %s", service.getKey())
                .isEqualTo(service.getKey().equals("simulator") ? "[\"simulator\"]" : ""));
    }

    @Test
    void everythingTheStackMountsOrBuildsFromExists() {
        JsonNode config = resolved(List.of("--profile", "simulator"));
        List<String> missing = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
                boolean bind = source.startsWith("/") || "bind".equals(volume.path("type").asText());
                if (bind && !Files.exists(Path.of(source)) && !awaitedFromOpsProm(Path.of(source))) {
                    missing.add(service.getKey() + " mounts " + source);
                }
            }
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = Path.of(build.path("context").asText());
                assertThat(context).as("build context of %s", service.getKey()).isDirectory();
                assertThat(context.resolve(build.path("dockerfile").asText()))
                        .as("image recipe of %s", service.getKey()).isRegularFile();
            }
        }
        assertThat(missing).as("bind mounts whose source is not in the repository").isEmpty();
    }

    @Test
    void theArrakisServicesSetOnlyVariablesTheirModeReads() {
        JsonNode config = resolved(List.of("--profile", "simulator"));
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            if (!service.getValue().path("image").asText().startsWith(DeployFiles.IMAGE)) {
                continue;
            }
            String mode = service.getValue().path("command").path(0).asText();
            Set<String> known = DeployFiles.environmentOf(mode);
            for (Iterator<String> names = service.getValue().path("environment").fieldNames(); names.hasNext(); ) {
                String name = names.next();
                assertThat(known).as("service %s (%s) sets %s, which that mode does not read; it reads %s",
                        service.getKey(), mode, name, known).contains(name);
            }
            checked++;
        }
        assertThat(checked).as("Arrakis services checked").isGreaterThanOrEqualTo(4);
    }

    @Test
    void prometheusScrapesServicesAndPortsOfTheStack() {
        JsonNode config = resolved(List.of());
        Map<String, Set<Integer>> ports = containerPorts(config);
        List<JsonNode> documents = DeployFiles.documents(PROMETHEUS);
        Set<String> jobs = new TreeSet<>();
        for (JsonNode job : documents.get(0).path("scrape_configs")) {
            jobs.add(job.path("job_name").asText());
            for (JsonNode target : job.findValues("targets")) {
                for (JsonNode address : target) {
                    String host = address.asText().substring(0, address.asText().lastIndexOf(':'));
                    int port = Integer.parseInt(address.asText().substring(address.asText().lastIndexOf(':') + 1));
                    if (host.equals("localhost")) {
                        continue; // Prometheus itself
                    }
                    assertThat(ports).as("job %s scrapes %s, a service of the stack", job.path("job_name").asText(), host)
                            .containsKey(host);
                    assertThat(ports.get(host)).as("job %s scrapes port %d of %s", job.path("job_name").asText(), port, host)
                            .contains(port);
                }
            }
        }
        assertThat(jobs).contains("arrakis-ingestor", "arrakis-worker", "rabbitmq");
        assertThat(documents.get(0).path("rule_files").toString()).contains("/etc/prometheus/rules/");
    }

    @Test
    void promtoolAcceptsThePrometheusConfiguration() {
        Run run = run(List.of("promtool", "check", "config", PROMETHEUS.toString()), Map.of());
        assertThat(run.exitCode()).as("promtool check config:%n%s", run.both()).isZero();
    }

    private static boolean awaitedFromOpsProm(Path source) {
        return source.startsWith(DeployFiles.root())
                && AWAITED_FROM_OPS_PROM.contains(DeployFiles.root().relativize(source).toString());
    }

    /**
     * The ports a service listens on inside the network: those it publishes, its ops port
     * (ARRAKIS_OPS_PORT) and, for RabbitMQ, its Prometheus exporter.
     */
    private static Map<String, Set<Integer>> containerPorts(JsonNode config) {
        Map<String, Set<Integer>> ports = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.path("services").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            Set<Integer> set = new TreeSet<>();
            for (JsonNode port : service.getValue().path("ports")) {
                set.add(port.path("target").asInt());
            }
            String opsPort = service.getValue().path("environment").path("ARRAKIS_OPS_PORT").asText("");
            if (!opsPort.isEmpty()) {
                set.add(Integer.parseInt(opsPort));
            }
            ports.put(service.getKey(), set);
        }
        return ports;
    }

    private static Set<String> services(JsonNode config) {
        Set<String> names = new TreeSet<>();
        config.path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode resolved(List<String> profile) {
        Run run = compose(profile, "config");
        assertThat(run.exitCode()).as("docker-compose config:%n%s", run.both()).isZero();
        try {
            return DeployFiles.YAML.readTree(run.output());
        } catch (IOException e) {
            throw new AssertionError("docker-compose config printed no YAML: " + run.output(), e);
        }
    }

    private static Run compose(List<String> profile, String... command) {
        List<String> line = new ArrayList<>(List.of("docker-compose", "--ansi", "never", "-f", COMPOSE.toString()));
        line.addAll(profile);
        line.addAll(List.of(command));
        return run(line, Map.of());
    }

    private static Run run(List<String> command, Map<String, String> environment) {
        Path errors = null;
        try {
            errors = Files.createTempFile("deploy-tool", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile())
                    .directory(DeployFiles.root().toFile());
            CALLER_VARIABLES.forEach(builder.environment()::remove);
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8),
                    Files.readString(errors, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(command.get(0) + " could not be run; scripts/ensure-tools.sh installs it "
                    + "(scripts/test.sh runs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            if (errors != null) {
                errors.toFile().delete();
            }
        }
    }
}
