package community.arrakis.gatewayproxy.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import community.arrakis.gatewayproxy.app.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The files under {@code deploy/} as the deploy tests read them, and what the jar reads from its
 * environment: the {@code ${env:NAME}} of every picocli option (per mode), the {@code ${NAME}} of
 * the logging configuration, and what the container's own scripts read.
 */
final class DeployFiles {

    static final YAMLMapper YAML = new YAMLMapper();
    /** The image every Arrakis workload runs, as the manifests and the Compose file name it. */
    static final String IMAGE = "arrakis-gateway-proxy";

    private static final Pattern PICOCLI_ENV = Pattern.compile("\\$\\{env:([A-Za-z0-9_]+)");
    private static final Pattern SHELL_OR_LOGBACK_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern CONTAINERFILE_ENV = Pattern.compile("(?m)^ENV\\s+([A-Z][A-Z0-9_]*)=");

    private DeployFiles() {
    }

    /** The repository's root: the first directory up from the module's that holds {@code deploy/} and {@code mvnw}. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            if (Files.isDirectory(candidate.resolve("deploy")) && Files.exists(candidate.resolve("mvnw"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no repository root with deploy/ and mvnw above " + dir);
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    static List<Path> yamlFilesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a (possibly multi-document) YAML file; a file that does not parse fails with its name. */
    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> result = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(root().relativize(file) + " is not valid YAML: " + e.getMessage(), e);
        }
    }

    /** Every Kubernetes object under deploy/k8s, with the file it came from. */
    record KubeObject(Path file, JsonNode body) {
        String kind() {
            return body.path("kind").asText();
        }

        String name() {
            return body.path("metadata").path("name").asText();
        }

        @Override
        public String toString() {
            return kind() + " " + name() + " (" + root().relativize(file) + ")";
        }
    }

    static List<KubeObject> kubernetesObjects() {
        List<KubeObject> objects = new ArrayList<>();
        for (Path file : yamlFilesUnder(deploy().resolve("k8s"))) {
            for (JsonNode doc : documents(file)) {
                objects.add(new KubeObject(file, doc));
            }
        }
        return objects;
    }

    /** KEY=value lines of an env file; comments and blank lines skipped, order kept. */
    static Map<String, String> envFile(Path file) {
        Map<String, String> entries = new LinkedHashMap<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals <= 0) {
                    throw new AssertionError(root().relativize(file) + ":" + number + " is not KEY=value: " + line);
                }
                entries.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A mode's command line as declared: default values keep their {@code ${env:NAME:-default}} form. */
    static CommandLine uninterpolated(String mode) {
        CommandLine main = new CommandLine(new Main()).setInterpolateVariables(false);
        CommandLine command = main.getSubcommands().get(mode);
        if (command == null) {
            throw new AssertionError("the jar has no mode '" + mode + "'; it has " + main.getSubcommands().keySet());
        }
        return command;
    }

    /** The environment variables a mode's options read ({@code ingestor}, {@code worker}, ...). */
    static Set<String> cliEnvironment(String mode) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : uninterpolated(mode).getCommandSpec().options()) {
            String original = option.defaultValue();
            if (original != null) {
                Matcher matcher = PICOCLI_ENV.matcher(original);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
        }
        return names;
    }

    /**
     * What every mode reads besides its options: the logging configuration's variables
     * (ARRAKIS_LOG_FORMAT, ARRAKIS_LOG_LEVEL) and those of the container image (its ENV lines and
     * what its entrypoint and health check read, e.g. JAVA_OPTS).
     */
    static Set<String> processEnvironment() {
        Set<String> names = new TreeSet<>();
        try (InputStream logback = Main.class.getResourceAsStream("/logback.xml")) {
            if (logback == null) {
                throw new AssertionError("logback.xml is not on the app's classpath");
            }
            names.addAll(variables(SHELL_OR_LOGBACK_VARIABLE, new String(logback.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.addAll(variables(CONTAINERFILE_ENV, read(deploy().resolve("Containerfile"))));
        try (Stream<Path> scripts = Files.list(deploy().resolve("container"))) {
            scripts.forEach(script -> names.addAll(variables(SHELL_OR_LOGBACK_VARIABLE, read(script))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** What a process of this mode reads from its environment, all sources together. */
    static Set<String> environmentOf(String mode) {
        Set<String> names = new TreeSet<>(cliEnvironment(mode));
        names.addAll(processEnvironment());
        return names;
    }

    private static Set<String> variables(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
