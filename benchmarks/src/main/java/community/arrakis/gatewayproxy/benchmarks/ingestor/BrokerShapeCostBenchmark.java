package community.arrakis.gatewayproxy.benchmarks.ingestor;

import static community.arrakis.gatewayproxy.benchmarks.ingestor.BenchEnvironment.median;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each part of the ingestor's message shape costs RabbitMQ, in CPU per message: RabbitMQ
 * PerfTest at a fixed rate, one variant after another, {@code rounds} times, each variant adding
 * one part of the shape to the one before; the broker's CPU over each run's steady seconds divided
 * by the messages confirmed in them ({@link BrokerCpu}). The rate is fixed below every variant's
 * ceiling, so each gets the same batching, which makes this far steadier than comparing maximum
 * rates (those swing by ±15 % from one PerfTest run to the next on a shared 2-core machine). The
 * last variant is the shape the ingestor had before it stopped sending headers and a timestamp.
 *
 * <pre>java -cp benchmarks.jar ...BrokerShapeCostBenchmark
 *     [-Drate=20000] [-Dseconds=12] [-Dwarmup.seconds=8] [-Drounds=3] [-Dsize=843]</pre>
 */
public final class BrokerShapeCostBenchmark {

    private static final int RATE = Integer.getInteger("rate", 20_000);
    private static final int SECONDS = Integer.getInteger("seconds", 12);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 8);
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int SIZE = Integer.getInteger("size", 843);
    private static final String EXCHANGE = "bench-shape-topic";
    private static final String OLD_PROPERTIES = ",timestamp=2026-11-27T08:00:00Z,x-arrakis-schema-version=1,"
            + "x-arrakis-trace-id=5f2b7c1d9e8a4b3c";

    private BrokerShapeCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!BrokerCpu.LOCAL.available()) {
            throw new IllegalStateException("RabbitMQ (a beam.smp process) must run on this machine: this benchmark "
                    + "reads its CPU time from /proc");
        }
        Map<String, List<String>> variants = variants();
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        variants.keySet().forEach(name -> micros.put(name, new ArrayList<>()));
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                    PerfTestRun run = PerfTestRun.run(SIZE, 1_000, RATE, SECONDS, WARMUP_SECONDS, variant.getValue());
                    micros.get(variant.getKey()).add(run.brokerMicrosPerMessage());
                    System.out.printf(Locale.ROOT, "round %d: %-58s %6.1f µs/message (%.0f confirms/s)%n", round,
                            variant.getKey(), run.brokerMicrosPerMessage(), run.steadyConfirmRate());
                }
            }
        } finally {
            try (Connection connection = BrokerConnections.connect(BenchEnvironment.AMQP_URL, "bench-shape-cost");
                 Channel channel = connection.createChannel()) {
                channel.exchangeDelete(EXCHANGE);
            }
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "RabbitMQ CPU per message at %,d messages/s, %d bytes, persistent, confirmed "
                + "(median of %d rounds)%n", RATE, SIZE, ROUNDS);
        System.out.printf(Locale.ROOT, "%-58s %10s %10s%n", "variant", "µs/message", "vs plain");
        double plain = median(micros.values().iterator().next());
        Map<String, Object> medians = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> variant : micros.entrySet()) {
            double median = median(variant.getValue());
            medians.put(variant.getKey(), Math.round(median * 10) / 10.0);
            System.out.printf(Locale.ROOT, "%-58s %10.1f %9.0f%%%n", variant.getKey(), median, 100 * (median / plain - 1));
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "broker-shape-cost");
        json.put("rate", RATE);
        json.put("messageBytes", SIZE);
        json.put("seconds", SECONDS);
        json.put("rounds", ROUNDS);
        json.put("brokerCpuMicrosPerMessageMedian", medians);
        json.put("brokerCpuMicrosPerMessage", micros);
        json.put("variants", variants);
        System.out.println("wrote " + BenchEnvironment.writeJson("broker-shape-cost", json));
        System.exit(0);
    }

    /** Each variant adds one part of the ingestor's shape ({@link PerfTestRun#ingestorShape}) to the one before. */
    private static Map<String, List<String>> variants() {
        List<String> shape = PerfTestRun.ingestorShape(EXCHANGE);
        List<String> topic = List.of("--type", "topic", "--exchange", EXCHANGE, "--routing-key", "member.join");
        List<String> mandatory = concat(topic, List.of("--flag", "mandatory"));
        List<String> queueArguments = concat(mandatory, valueOf(shape, "--queue-args"));
        List<String> oldShape = new ArrayList<>(shape);
        int properties = oldShape.indexOf("--message-properties") + 1;
        oldShape.set(properties, oldShape.get(properties) + OLD_PROPERTIES);

        Map<String, List<String>> variants = new LinkedHashMap<>();
        variants.put("plain (PerfTest's default exchange and queue)", List.of());
        variants.put("topic exchange, routing key member.join", topic);
        variants.put("+ mandatory", mandatory);
        variants.put("+ the guild queue's arguments", queueArguments);
        variants.put("+ the envelope's properties (the ingestor's shape)", shape);
        variants.put("+ timestamp and 2 headers (the shape until this change)", oldShape);
        return variants;
    }

    private static List<String> valueOf(List<String> arguments, String option) {
        int at = arguments.indexOf(option);
        return List.of(option, arguments.get(at + 1));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
