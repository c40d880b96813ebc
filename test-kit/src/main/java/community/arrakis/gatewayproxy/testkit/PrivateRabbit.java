package community.arrakis.gatewayproxy.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A RabbitMQ node of a test's own, which the test may stop, restart and put under a memory alarm:
 * the machine's shared node ({@code rabbit@localhost}, port 5672) is never touched.
 *
 * <p>Everything the node has is its own: its name ({@code arrakis-it-<random>@localhost}), a free
 * AMQP port and a free distribution port (both on 127.0.0.1), base, database and log directories
 * under one temporary directory, a config file and an environment file of its own (so neither
 * {@code /etc/rabbitmq/rabbitmq.conf}'s listener nor {@code /etc/rabbitmq/rabbitmq-env.conf}'s node
 * name applies), no plugins (an empty enabled-plugins file: no management listener), and an Erlang
 * cookie of its own in that directory, given to the node and to {@code rabbitmqctl} as their
 * {@code HOME}: a {@code rabbitmqctl} run by this class cannot even authenticate to another node.
 *
 * <p>The node runs in the foreground as a child process ({@code rabbitmq-server} from the
 * package's own {@code /usr/lib/rabbitmq/bin}, not the {@code /usr/sbin} wrapper, which switches to
 * the {@code rabbitmq} user), and is controlled with {@code rabbitmqctl -n <node>}. {@link #close()}
 * stops it and deletes the directory, and a shutdown hook does the same if the JVM exits first.
 * Starting a node takes a few seconds: share one per test class and reset it between tests
 * ({@link #reset()}).
 */
public final class PrivateRabbit implements AutoCloseable {

    /** From starting the process to the node running its applications; a busy machine may need most of it. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final String SBIN = sbin();

    private final String node;
    private final int amqpPort;
    private final int distPort;
    private final Path dir;
    private final Map<String, String> environment;
    private final Thread shutdownHook;
    /** The Erlang cookie: random for a lone node, shared by the nodes of a {@link PrivateRabbitCluster}. */
    private final String cookie;
    private Process process;
    private boolean appStopped;
    private boolean alarmed;
    private boolean closed;

    private PrivateRabbit(String node, int amqpPort, int distPort, Path dir, String cookie) {
        this.cookie = cookie;
        this.node = node;
        this.amqpPort = amqpPort;
        this.distPort = distPort;
        this.dir = dir;
        this.environment = environment(node, distPort, dir);
        this.shutdownHook = Thread.ofPlatform().unstarted(this::destroy);
    }

    /** Starts a node and returns once it runs its applications (at most {@link #START_TIMEOUT}). */
    public static PrivateRabbit start() throws IOException {
        return start("arrakis-it-" + HexFormat.of().formatHex(random(4)), HexFormat.of().formatHex(random(20)).toUpperCase());
    }

    /**
     * A node named {@code <name>@localhost} with the Erlang cookie given: nodes with one cookie may
     * form a cluster ({@link PrivateRabbitCluster}).
     */
    static PrivateRabbit start(String name, String cookie) throws IOException {
        Path dir = Files.createTempDirectory("arrakis-rabbit-" + name + "-");
        PrivateRabbit rabbit;
        try {
            int[] ports = freePorts(2);
            rabbit = new PrivateRabbit(name + "@localhost", ports[0], ports[1], dir, cookie);
            rabbit.writeFiles();
        } catch (IOException | RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(rabbit.shutdownHook);
        try {
            rabbit.startNode();
        } catch (IOException | RuntimeException | Error e) {
            rabbit.close();
            throw e;
        }
        return rabbit;
    }

    /** {@code amqp://guest:guest@127.0.0.1:<port>}: guest may log in over the loopback interface. */
    public String amqpUrl() {
        return "amqp://guest:guest@127.0.0.1:" + amqpPort;
    }

    public int port() {
        return amqpPort;
    }

    /** The Erlang node name, e.g. {@code arrakis-it-1a2b3c4d@localhost}. */
    public String node() {
        return node;
    }

    /** Where the node keeps its data, logs, config and cookie; deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** The node's processes now: {@code rabbitmq-server} and what it started (the Erlang VM). */
    public synchronized List<ProcessHandle> processes() {
        if (process == null || !process.isAlive()) {
            return List.of();
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        return all;
    }

    /**
     * {@code rabbitmqctl stop_app}: RabbitMQ closes every client connection and stops, the Erlang
     * node keeps running. Returns once it has stopped.
     */
    public synchronized void stopApp() {
        appStopped = true;
        rabbitmqctl("stop_app");
    }

    /** {@code rabbitmqctl start_app}: returns once RabbitMQ runs again and accepts connections. */
    public synchronized void startApp() {
        rabbitmqctl("start_app");
        appStopped = false;
    }

    /** {@code rabbitmqctl stop}: the whole node stops, as a service stop would; returns once its process has exited. */
    public synchronized void stopNode() throws InterruptedException {
        rabbitmqctl("stop");
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + node + " did not exit within " + COMMAND_TIMEOUT
                    + " of rabbitmqctl stop\n" + logTail());
        }
    }

    /**
     * Starts the node again on the same ports and data directory (durable queues and persistent
     * messages are there again) and returns once it runs its applications: the node answers.
     */
    public synchronized void startNode() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + node + " is running");
        }
        Files.deleteIfExists(pidFile());
        ProcessBuilder builder = new ProcessBuilder(SBIN + "/rabbitmq-server").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()));
        builder.environment().keySet().removeIf(PrivateRabbit::nodeSetting);
        builder.environment().putAll(environment);
        process = builder.start();
        appStopped = false;
        alarmed = false; // a watermark set with rabbitmqctl does not outlive the node
        // Waits for the pid file, then for the node's distribution, then for its applications; fails
        // at once if the process exits meanwhile.
        Result waited = run(START_TIMEOUT, "wait", pidFile().toString(), "--timeout",
                Long.toString(START_TIMEOUT.toSeconds()));
        if (!waited.ok() || !process.isAlive()) {
            String why = "RabbitMQ node " + node + " (AMQP port " + amqpPort + ", distribution port " + distPort
                    + ") did not start within " + START_TIMEOUT + (process.isAlive() ? "" : " (its process exited with "
                    + process.exitValue() + ")") + ":\n" + waited.output() + "\n" + logTail();
            kill();
            throw new IllegalStateException(why);
        }
    }

    /**
     * A memory alarm ({@code set_vm_memory_high_watermark 0.00001}): RabbitMQ blocks every
     * connection that publishes. {@code false} sets the default 0.4 back, which clears it.
     */
    public synchronized void memoryAlarm(boolean on) {
        alarmed = on;
        rabbitmqctl("set_vm_memory_high_watermark", on ? "0.00001" : "0.4");
    }

    /** Whether the node reports a memory alarm now. */
    public synchronized boolean memoryAlarmed() {
        return rabbitmqctl("eval", "rabbit_alarm:get_alarms().").contains("memory");
    }

    /**
     * The time of the first line of the node's log at or after {@code notBefore} that contains
     * {@code text}, e.g. {@code "started TCP listener"}: when the node did something, by its own
     * clock (the machine's). A line reaches the file a moment after it is logged; poll.
     */
    public Optional<Instant> logged(String text, Instant notBefore) {
        Path log = dir.resolve("log").resolve("node.log");
        try (Stream<String> lines = Files.exists(log) ? Files.lines(log, StandardCharsets.UTF_8) : Stream.empty()) {
            return lines.filter(line -> line.contains(text)).map(PrivateRabbit::loggedAt).flatMap(Optional::stream)
                    .filter(at -> !at.isBefore(notBefore)).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** {@code 2026-12-05 06:24:42.239370+00:00 [warning] ...}: the line's time. */
    private static Optional<Instant> loggedAt(String line) {
        int end = line.indexOf(" [");
        if (end < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(line.substring(0, end).replace(' ', 'T')).toInstant());
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whether the node's process runs (its applications may be stopped). */
    public synchronized boolean nodeRunning() {
        return process != null && process.isAlive();
    }

    /** Undoes whatever a test left behind: starts the node or its applications again, clears the alarm. */
    public synchronized void reset() throws IOException {
        if (!nodeRunning()) {
            startNode();
        }
        if (appStopped) {
            startApp();
        }
        if (alarmed) {
            memoryAlarm(false);
        }
    }

    /** Runs {@code rabbitmqctl -n <node> <arguments>}; its output, or an exception with it. */
    public String rabbitmqctl(String... arguments) {
        Result result = run(COMMAND_TIMEOUT, arguments);
        if (!result.ok()) {
            throw new IllegalStateException("rabbitmqctl -n " + node + " " + String.join(" ", arguments)
                    + " failed:\n" + result.output());
        }
        return result.output();
    }

    /** The last lines of the node's log and its console output, for a failure's message. */
    public String logTail() {
        StringBuilder tail = new StringBuilder();
        for (Path log : List.of(dir.resolve("log").resolve("node.log"), dir.resolve("stdout.log"))) {
            tail.append("--- last lines of ").append(log).append(" ---\n");
            try {
                List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of("(none)");
                lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(line -> tail.append(line).append('\n'));
            } catch (IOException | UncheckedIOException e) {
                tail.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return tail.toString();
    }

    /** Stops the node and deletes its directory; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            destroy();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway, and finds nothing left to do
            }
        }
    }

    /** Stops the node and deletes the directory: {@link #close()}, and the shutdown hook's work. */
    private void destroy() {
        kill();
        deleteTree(dir);
    }

    /**
     * SIGTERM to {@code rabbitmq-server}, whose trap stops the node gracefully; whatever still runs
     * 15 s later is killed.
     */
    private void kill() {
        Process running = process;
        if (running != null && running.isAlive()) {
            List<ProcessHandle> tree = new ArrayList<>(running.descendants().toList());
            running.destroy();
            try {
                running.waitFor(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            tree.add(running.toHandle());
            for (ProcessHandle member : tree) {
                awaitExit(member); // the VM's helpers (erl_child_setup, inet_gethost) follow it out
                if (member.isAlive()) {
                    member.destroyForcibly();
                    awaitExit(member);
                }
            }
        }
    }

    private static void awaitExit(ProcessHandle member) {
        try {
            member.onExit().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // still alive: the caller kills it
        }
    }

    private record Result(boolean ok, String output) {
    }

    private Result run(Duration timeout, String... arguments) {
        List<String> command = new ArrayList<>(List.of(SBIN + "/rabbitmqctl", "-n", node));
        command.addAll(List.of(arguments));
        Path output = null;
        try {
            output = Files.createTempFile(dir, "rabbitmqctl-", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().keySet().removeIf(PrivateRabbit::nodeSetting);
            builder.environment().putAll(environment);
            Process ctl = builder.start();
            boolean exited = ctl.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                ctl.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return new Result(exited && ctl.exitValue() == 0, exited ? text : text + "\n(timed out after " + timeout + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private Path pidFile() {
        return dir.resolve("node.pid");
    }

    private void writeFiles() throws IOException {
        Path cookie = dir.resolve(".erlang.cookie");
        Files.writeString(cookie, this.cookie, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
        Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
        Files.writeString(dir.resolve("rabbitmq.conf"), String.join("\n",
                "listeners.tcp.local = 127.0.0.1:" + amqpPort,
                "log.console = false",
                "log.file.level = info",
                ""));
        Files.writeString(dir.resolve("rabbitmq-env.conf"), "# this node's own: nothing beyond the environment\n");
    }

    private static Map<String, String> environment(String node, int distPort, Path dir) {
        return Map.ofEntries(
                Map.entry("HOME", dir.toString()), // the cookie, for the node and for rabbitmqctl
                Map.entry("RABBITMQ_CONF_ENV_FILE", dir.resolve("rabbitmq-env.conf").toString()),
                Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
                Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
                Map.entry("RABBITMQ_NODENAME", node),
                Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
                Map.entry("RABBITMQ_BASE", dir.toString()),
                Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
                Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
                Map.entry("RABBITMQ_LOGS", dir.resolve("log").resolve("node.log").toString()),
                Map.entry("RABBITMQ_PID_FILE", dir.resolve("node.pid").toString()),
                Map.entry("RABBITMQ_PLUGINS_EXPAND_DIR", dir.resolve("plugins-expand").toString()),
                Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
                Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"));
    }

    /** Settings inherited from the test's environment that could point the node or the CLI elsewhere. */
    private static boolean nodeSetting(String name) {
        return name.startsWith("RABBITMQ_") || name.startsWith("ERL_") || name.equals("NODENAME")
                || name.equals("CONFIG_FILE") || name.equals("CONF_ENV_FILE");
    }

    /**
     * The package's own scripts: {@code /usr/sbin}'s are wrappers that switch to the rabbitmq user,
     * who could not write the test's directory. {@code -Darrakis.rabbitmq.sbin} names another place.
     */
    private static String sbin() {
        String configured = System.getProperty("arrakis.rabbitmq.sbin", System.getenv("ARRAKIS_RABBITMQ_SBIN"));
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String candidate : List.of("/usr/lib/rabbitmq/bin", "/opt/rabbitmq/sbin", "/usr/local/sbin")) {
            if (Files.isExecutable(Path.of(candidate, "rabbitmq-server"))) {
                return candidate;
            }
        }
        return "/usr/lib/rabbitmq/bin";
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file the node was still writing; the next walk finds the rest
        }
    }
}
