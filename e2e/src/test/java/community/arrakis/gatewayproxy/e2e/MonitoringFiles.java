package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Where the monitoring files live in the repository (the tests run from the e2e module's
 * directory), and running the distribution's Prometheus tools on them.
 */
final class MonitoringFiles {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path ROOT = repositoryRoot();
    static final Path RULES = ROOT.resolve("deploy/prometheus/rules/arrakis-alerts.yml");
    static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/tests");
    static final Path DASHBOARD = ROOT.resolve("deploy/grafana/dashboards/arrakis.json");
    static final Path GRAFANA_PROVISIONING = ROOT.resolve("deploy/grafana/provisioning");
    static final Path RUNBOOK = ROOT.resolve("docs/runbook.md");
    static final Path METRICS_DOC = ROOT.resolve("docs/metrics.md");

    private MonitoringFiles() {
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/prometheus/rules")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/prometheus/rules above " + Path.of("").toAbsolutePath());
    }

    static List<Path> ruleTests() throws IOException {
        try (Stream<Path> files = Files.list(RULE_TESTS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yml")).sorted().toList();
        }
    }

    /** Every alerting rule of the rules file, by name; a name given to two rules fails (each needs its own tests). */
    static Map<String, JsonNode> alertRules() throws IOException {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(RULES.toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert") && alerts.put(rule.path("alert").asText(), rule) != null) {
                    fail("two rules are named " + rule.path("alert").asText());
                }
            }
        }
        return alerts;
    }

    /** A tool from the distribution's prometheus package, or a failure naming how to install it. */
    static String tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("'" + name + "' is not installed: scripts/ensure-tools.sh installs it (Debian/Ubuntu package "
                + "'prometheus'), and scripts/test.sh runs that script");
    }

    /** What a finished command printed, stdout and stderr together. */
    record Run(int exitCode, String output) {
    }

    static Run run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return fail(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static List<String> command(String tool, String... args) {
        List<String> command = new ArrayList<>();
        command.add(tool(tool));
        command.addAll(List.of(args));
        return command;
    }
}
