package community.arrakis.gatewayproxy.benchmarks.ingestor;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ PerfTest in a JVM of its own on the same classpath, for the broker's own figures next
 * to ours: one producer with confirms, one auto-acking consumer, persistent messages on a durable
 * auto-deleted queue. Its summary lines are parsed.
 *
 * @param publishRate      PerfTest's "sending rate avg", msg/s
 * @param consumeRate      "receiving rate avg", msg/s
 * @param steadyConfirmRate confirms/s averaged over the seconds after its warm-up (its per-second
 *                         lines), NaN when the run was too short to have any
 * @param confirmMicros    confirm latency min, median, 75th, 95th, 99th percentile in µs (empty if absent)
 * @param brokerMicrosPerMessage RabbitMQ's CPU per confirmed message over the same seconds as
 *                         {@code steadyConfirmRate} ({@link BrokerCpu}), NaN when unknown
 * @param arguments        the PerfTest command line
 */
record PerfTestRun(double publishRate, double consumeRate, double steadyConfirmRate, List<Long> confirmMicros,
                   double brokerMicrosPerMessage, List<String> arguments) {

    private static final Pattern SENDING = Pattern.compile("sending rate avg: ([0-9.]+) msg/s");
    private static final Pattern RECEIVING = Pattern.compile("receiving rate avg: ([0-9.]+) msg/s");
    private static final Pattern SECOND = Pattern.compile(
            "time:? ([0-9.]+) ?s, sent: [0-9]+ msg/s, (?:returned: [0-9]+ msg/s, )?confirmed: ([0-9]+) msg/s");
    private static final Pattern CONFIRM = Pattern.compile("confirm latency min/median/75th/95th/99th ([0-9/]+) µs");

    /**
     * @param rate 0 for as fast as the broker takes it, otherwise msg/s
     */
    static PerfTestRun run(long messageBytes, int confirmWindow, int rate, int seconds) throws Exception {
        return run(messageBytes, confirmWindow, rate, seconds, 0);
    }

    /** @param warmupSeconds per-second lines up to this time are left out of {@code steadyConfirmRate} */
    static PerfTestRun run(long messageBytes, int confirmWindow, int rate, int seconds, int warmupSeconds)
            throws Exception {
        return run(messageBytes, confirmWindow, rate, seconds, warmupSeconds, List.of());
    }

    /**
     * The arguments that make PerfTest publish as the ingestor does its member events: to a topic
     * exchange with the event's routing key, {@code mandatory}, onto a queue with the guild queue's
     * arguments (single active consumer, dead-lettering), with the envelope's properties (no
     * headers, no timestamp: see {@code ConfirmingPublisher#publish}). The exchange is PerfTest's
     * own, deleted by {@code BenchEnvironment#deleteExchange} afterwards.
     */
    static List<String> ingestorShape(String exchange) {
        return List.of("--type", "topic", "--exchange", exchange, "--routing-key", "member.join",
                "--flag", "mandatory",
                "--queue-args", "x-queue-type=classic,x-single-active-consumer=true,"
                        + "x-dead-letter-exchange=bench-perftest-dlx,x-dead-letter-routing-key=dead",
                "--message-properties", "contentType=application/json,priority=5,messageId=1300000000000000001,"
                        + "type=member.join");
    }

    /** Whether the options declare a quorum queue. */
    private static boolean quorum(List<String> arguments) {
        return arguments.stream().anyMatch(argument -> argument.contains("x-queue-type=quorum"));
    }

    /** The ingestor's shape with the queue declared {@code quorum} instead of {@code classic}. */
    static List<String> ingestorShape(String exchange, String queueType) {
        return ingestorShape(exchange).stream().map(argument -> argument.replace("x-queue-type=classic",
                "x-queue-type=" + queueType)).toList();
    }

    /** @param extraArguments more PerfTest options, e.g. {@link #ingestorShape} */
    static PerfTestRun run(long messageBytes, int confirmWindow, int rate, int seconds, int warmupSeconds,
                           List<String> extraArguments) throws Exception {
        String queue = "bench-perftest-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> arguments = new ArrayList<>(List.of("--uri", BenchEnvironment.AMQP_URL, "--producers", "1",
                "--consumers", "1", "--size", Long.toString(messageBytes), "--flag", "persistent",
                // a quorum queue cannot be auto-delete: deleted after the run instead
                "--confirm", Integer.toString(confirmWindow), "--queue", queue, "--auto-delete",
                Boolean.toString(!quorum(extraArguments)), "--autoack",
                "--time", Integer.toString(seconds + warmupSeconds)));
        if (rate > 0) {
            arguments.addAll(List.of("--rate", Integer.toString(rate)));
        }
        arguments.addAll(extraArguments);
        // PerfTest's own metrics registries are left out of benchmarks.jar; the scripts fetch them
        String extra = System.getProperty("perftest.classpath", "");
        String classpath = System.getProperty("java.class.path") + (extra.isBlank() ? "" : File.pathSeparator + extra);
        List<String> command = new ArrayList<>(List.of(BenchEnvironment.javaExecutable(), "-DARRAKIS_LOG_LEVEL=WARN",
                "-cp", classpath, "com.rabbitmq.perf.PerfTest"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        double sending = Double.NaN;
        double receiving = Double.NaN;
        List<Long> confirm = List.of();
        long steadyConfirmed = 0;
        int steadySeconds = 0;
        // the broker's CPU from the first steady line to the last, against the confirms of the lines in between
        double cpuAtFirstSteady = Double.NaN;
        double cpuAtLastSteady = Double.NaN;
        long confirmedAfterFirstSteady = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher s = SENDING.matcher(line);
                Matcher r = RECEIVING.matcher(line);
                Matcher c = CONFIRM.matcher(line);
                if (s.find()) {
                    sending = Double.parseDouble(s.group(1));
                }
                if (r.find()) {
                    receiving = Double.parseDouble(r.group(1));
                }
                Matcher second = SECOND.matcher(line);
                if (second.find() && Double.parseDouble(second.group(1)) > warmupSeconds + 0.5) {
                    long confirmed = Long.parseLong(second.group(2));
                    steadyConfirmed += confirmed;
                    if (steadySeconds++ == 0) {
                        cpuAtFirstSteady = BrokerCpu.LOCAL.seconds();
                    } else {
                        confirmedAfterFirstSteady += confirmed;
                        cpuAtLastSteady = BrokerCpu.LOCAL.seconds();
                    }
                }
                if (c.find()) {
                    confirm = java.util.Arrays.stream(c.group(1).split("/")).map(Long::parseLong).toList();
                }
                if (Boolean.getBoolean("perftest.verbose")) {
                    System.out.println("  perftest | " + line);
                }
            }
        }
        process.waitFor();
        if (quorum(extraArguments)) {
            try (com.rabbitmq.client.Connection connection = community.arrakis.gatewayproxy.broker.BrokerConnections
                    .connect(BenchEnvironment.AMQP_URL, "bench-perftest-cleanup");
                 com.rabbitmq.client.Channel channel = connection.createChannel()) {
                channel.queueDelete(queue);
            }
        }
        if (Double.isNaN(sending)) {
            throw new IllegalStateException("PerfTest printed no 'sending rate avg' line (are its metrics jars on "
                    + "-Dperftest.classpath?); rerun with -Dperftest.verbose=true");
        }
        double steady = steadySeconds == 0 ? Double.NaN : (double) steadyConfirmed / steadySeconds;
        double brokerMicros = BrokerCpu.microsPerMessage(cpuAtFirstSteady, cpuAtLastSteady, confirmedAfterFirstSteady);
        return new PerfTestRun(sending, receiving, steady, confirm, brokerMicros, arguments);
    }
}
