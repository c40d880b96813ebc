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
 * What a quorum queue costs RabbitMQ per message next to a classic one (issue 18): RabbitMQ
 * PerfTest with the ingestor's message shape (topic exchange, mandatory, the guild queue's
 * arguments, the envelope's properties, persistent, confirmed) at a fixed rate into a classic queue,
 * then into a quorum queue, {@code rounds} times; the broker's CPU over each run's steady seconds
 * divided by the messages confirmed in them ({@link BrokerCpu}), and each run's maximum rate
 * ({@code -Dmax=true} adds unthrottled runs). On one node: a quorum queue's Raft log is written and
 * fsynced by that node alone; in a 3-node cluster each message is also sent to and written by two
 * followers, which this does not measure.
 *
 * <pre>java -cp benchmarks.jar ...QueueTypeCostBenchmark [-Drate=5000] [-Dseconds=12] [-Dwarmup.seconds=6] [-Drounds=3]</pre>
 */
public final class QueueTypeCostBenchmark {

    private static final int RATE = Integer.getInteger("rate", 5_000);
    private static final int SECONDS = Integer.getInteger("seconds", 12);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 6);
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int SIZE = Integer.getInteger("size", 843);
    private static final boolean MAX = Boolean.getBoolean("max");
    private static final String EXCHANGE = "bench-queue-type-topic";

    private QueueTypeCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (!BrokerCpu.LOCAL.available()) {
            throw new IllegalStateException("RabbitMQ (a beam.smp process) must run on this machine: this benchmark "
                    + "reads its CPU time from /proc");
        }
        Map<String, List<Double>> micros = new LinkedHashMap<>();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        List<String> types = List.of("classic", "quorum");
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                for (String type : types) {
                    PerfTestRun run = PerfTestRun.run(SIZE, 1_000, RATE, SECONDS, WARMUP_SECONDS,
                            PerfTestRun.ingestorShape(EXCHANGE, type));
                    micros.computeIfAbsent(type, k -> new ArrayList<>()).add(run.brokerMicrosPerMessage());
                    System.out.printf(Locale.ROOT, "round %d: %-8s at %,d/s: %6.1f µs/message (%.0f confirms/s)%n", round,
                            type, RATE, run.brokerMicrosPerMessage(), run.steadyConfirmRate());
                    if (MAX) {
                        PerfTestRun max = PerfTestRun.run(SIZE, 1_000, 0, SECONDS, WARMUP_SECONDS,
                                PerfTestRun.ingestorShape(EXCHANGE, type));
                        rates.computeIfAbsent(type, k -> new ArrayList<>()).add(max.steadyConfirmRate());
                        System.out.printf(Locale.ROOT, "round %d: %-8s unthrottled: %.0f confirms/s%n", round, type,
                                max.steadyConfirmRate());
                    }
                }
            }
        } finally {
            try (Connection connection = BrokerConnections.connect(BenchEnvironment.AMQP_URL, "bench-queue-type");
                 Channel channel = connection.createChannel()) {
                channel.exchangeDelete(EXCHANGE);
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "RabbitMQ CPU per message at %,d messages/s, %d bytes, the ingestor's shape "
                + "(median of %d rounds)%n", RATE, SIZE, ROUNDS);
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String type : types) {
            double median = median(micros.get(type));
            medians.put(type, Math.round(median * 10) / 10.0);
            System.out.printf(Locale.ROOT, "%-8s %8.1f µs/message%s%n", type, median,
                    rates.containsKey(type) ? String.format(Locale.ROOT, "   max %.0f confirms/s", median(rates.get(type))) : "");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "queue-type-cost");
        json.put("rate", RATE);
        json.put("messageBytes", SIZE);
        json.put("seconds", SECONDS);
        json.put("rounds", ROUNDS);
        json.put("brokerCpuMicrosPerMessageMedian", medians);
        json.put("brokerCpuMicrosPerMessage", micros);
        json.put("maxConfirmsPerSecond", rates);
        System.out.println("wrote " + BenchEnvironment.writeJson("queue-type-cost", json));
        System.exit(0);
    }
}
