package community.arrakis.gatewayproxy.benchmarks.ingestor;

import static community.arrakis.gatewayproxy.benchmarks.ingestor.BenchEnvironment.median;

import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * How many dispatches per second one ingestor moves from the simulator into RabbitMQ, persistent
 * and confirmed, next to what the broker itself takes from one confirming producer (RabbitMQ
 * PerfTest, same message size, persistent, confirms, one producer, one consumer) on the same machine.
 * Each round also runs PerfTest publishing as the ingestor does (topic exchange, {@code mandatory},
 * the guild queue's arguments, the envelope's properties): what RabbitMQ takes of messages shaped
 * like ours from a bare producer ({@code -Dshaped=false} leaves it out). With the broker on this
 * machine, each round also prints RabbitMQ's CPU per message on each side ({@link BrokerCpu}):
 * whether a gap between two rates is the publisher's or the broker's.
 *
 * <p>The simulator is driven as fast as the ingestor drains: a closed loop keeps at most
 * {@code window} events emitted but not yet confirmed. Member joins and leaves, which go to the
 * durable guild queue, with payloads rendered once (see {@link BenchEnvironment#emitMemberEvent}).
 *
 * <p>A shared 2-core machine drifts by a fifth between minutes, so one reading of each side says
 * little. The two are measured in turn, {@code rounds} times (the ingestor idles while PerfTest
 * runs), and the ratio is the median of the rounds' ratios. Both sides are measured at steady
 * state: the ingestor after one long warm-up (on 2 cores the JIT is still compiling the pipeline
 * 15 s in, at two thirds of a core), PerfTest from its per-second confirm counts after its own
 * {@code perftest.warmup.seconds}.
 *
 * <pre>java -cp benchmarks.jar ...IngestorThroughputBenchmark
 *     [-Dshards=2] [-Dwarmup.seconds=30] [-Dseconds=15] [-Drounds=3] [-Dwindow=5000]
 *     [-Dshaped=true] [-Dperftest.confirm=1000] [-Dperftest.warmup.seconds=5]
 *     [-Dperftest.classpath=the micrometer registries PerfTest wants, see scripts/bench/ingestor-throughput.sh]</pre>
 */
public final class IngestorThroughputBenchmark {

    private static final int SHARDS = Integer.getInteger("shards", 2);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 30);
    private static final int SECONDS = Integer.getInteger("seconds", 15);
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int WINDOW = Integer.getInteger("window", 5_000);
    private static final int PERFTEST_CONFIRM = Integer.getInteger("perftest.confirm", 1_000);
    private static final int PERFTEST_WARMUP_SECONDS = Integer.getInteger("perftest.warmup.seconds", 5);

    /** Also run PerfTest publishing as the ingestor does (exchange, flags, queue, properties). */
    private static final boolean SHAPED = Boolean.parseBoolean(System.getProperty("shaped", "true"));
    private static final String SHAPED_EXCHANGE = "bench-perftest-topic";

    private static long cacheRefreshedAt;

    private IngestorThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Double> ingestorRates = new ArrayList<>();
        List<Double> brokerRates = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> shapedRates = new ArrayList<>();
        List<Double> shapedRatios = new ArrayList<>();
        // RabbitMQ's CPU per message on each side (BrokerCpu): whether a gap is the ingestor's or the broker's
        List<Double> ingestorBrokerMicros = new ArrayList<>();
        List<Double> perfTestBrokerMicros = new ArrayList<>();
        List<Double> shapedBrokerMicros = new ArrayList<>();
        long messageBytes = 0;
        long moved = 0;
        List<String> perfTestArguments = List.of();
        try (BenchEnvironment env = new BenchEnvironment("throughput", SHARDS)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Ingestor ingestor = new Ingestor(env.ingestorConfig(SHARDS), registry, Clock.systemUTC()).start()) {
                BenchEnvironment.await(ingestor::isReady, Duration.ofSeconds(30), "every shard READY");
                List<Counter> published = new ArrayList<>();
                long emitted = drive(env, registry, published, 0, Duration.ofSeconds(WARMUP_SECONDS));
                for (int round = 1; round <= ROUNDS; round++) {
                    long before = confirmed(registry, published);
                    double cpuBefore = BrokerCpu.LOCAL.seconds();
                    long start = System.nanoTime();
                    emitted = drive(env, registry, published, emitted, Duration.ofSeconds(SECONDS));
                    long after = confirmed(registry, published);
                    ingestorBrokerMicros.add(BrokerCpu.microsPerMessage(cpuBefore, BrokerCpu.LOCAL.seconds(),
                            after - before));
                    double rate = (after - before) / ((System.nanoTime() - start) / 1e9);
                    moved += after - before;
                    long total = emitted;
                    BenchEnvironment.await(() -> confirmed(registry, published) >= total, Duration.ofSeconds(60),
                            () -> "the last confirms (emitted " + total + ", confirmed " + confirmed(registry, published)
                                    + ", received " + registry.find(IngestorMetrics.EVENTS_RECEIVED).counters().stream()
                                    .mapToDouble(Counter::count).sum() + ")");
                    BenchEnvironment.await(() -> env.drained.get() >= total, Duration.ofSeconds(60), "the queue drained");
                    messageBytes = env.drainedBytes.get() / Math.max(1, env.drained.get());

                    PerfTestRun broker = PerfTestRun.run(messageBytes, PERFTEST_CONFIRM, 0, SECONDS,
                            PERFTEST_WARMUP_SECONDS);
                    double ceiling = rateOf(broker);
                    perfTestArguments = broker.arguments();
                    ingestorRates.add(rate);
                    brokerRates.add(ceiling);
                    ratios.add(rate / ceiling);
                    perfTestBrokerMicros.add(broker.brokerMicrosPerMessage());
                    PerfTestRun shapedRun = SHAPED ? shapedRun(env, messageBytes) : null;
                    double shaped = shapedRun == null ? Double.NaN : rateOf(shapedRun);
                    shapedRates.add(shaped);
                    shapedRatios.add(rate / shaped);
                    shapedBrokerMicros.add(shapedRun == null ? Double.NaN : shapedRun.brokerMicrosPerMessage());
                    System.out.printf(Locale.ROOT, "round %d: ingestor %.0f/s, PerfTest %.0f/s, ratio %.0f%%%s%n",
                            round, rate, ceiling, 100 * rate / ceiling, SHAPED ? String.format(Locale.ROOT,
                                    "; PerfTest publishing as the ingestor does %.0f/s, ratio %.0f%%", shaped,
                                    100 * rate / shaped) : "");
                    if (BrokerCpu.LOCAL.available()) {
                        System.out.printf(Locale.ROOT, "         RabbitMQ CPU per message: ingestor's %.1f µs, "
                                        + "PerfTest's %.1f µs%s%n", last(ingestorBrokerMicros), last(perfTestBrokerMicros),
                                SHAPED ? String.format(Locale.ROOT, ", PerfTest's with our shape %.1f µs",
                                        last(shapedBrokerMicros)) : "");
                    }
                    // the ingestor sat idle while PerfTest ran: bring it back to speed before measuring again
                    emitted = drive(env, registry, published, emitted, Duration.ofSeconds(3));
                }
            }
        }
        double ratio = median(ratios);

        System.out.println();
        System.out.println("Ingestor throughput (simulator -> ingestor -> RabbitMQ, persistent, confirmed)");
        System.out.printf(Locale.ROOT, "%-44s %12s%n", "measure", "value");
        System.out.printf(Locale.ROOT, "%-44s %12d%n", "shards", SHARDS);
        System.out.printf(Locale.ROOT, "%-44s %12s%n", "gateway transport compression", BenchEnvironment.COMPRESSION);
        System.out.printf(Locale.ROOT, "%-44s %12d%n", "message size (bytes, envelope)", messageBytes);
        System.out.printf(Locale.ROOT, "%-44s %12s%n", "rounds (each side " + SECONDS + " s)", ROUNDS);
        System.out.printf(Locale.ROOT, "%-44s %12.0f%n", "ingestor: dispatches/s confirmed (median)", median(ingestorRates));
        System.out.printf(Locale.ROOT, "%-44s %12.0f%n", "broker ceiling: PerfTest confirms/s (median)", median(brokerRates));
        System.out.printf(Locale.ROOT, "%-44s %11.0f%%%n", "ingestor / broker ceiling, median of rounds", ratio * 100);
        // PerfTest now and then has a round far below its others (less than half their rate); the median
        // of the rounds' ratios shrugs that off, and the ratio of the two medians is printed beside it
        double ratioOfMedians = median(ingestorRates) / median(brokerRates);
        System.out.printf(Locale.ROOT, "%-44s %11.0f%%%n", "median ingestor / median PerfTest", ratioOfMedians * 100);
        System.out.println("(target >= 70 %)");
        if (SHAPED) {
            System.out.printf(Locale.ROOT, "%-44s %12.0f%n", "PerfTest with the ingestor's shape (median)",
                    median(shapedRates));
            System.out.printf(Locale.ROOT, "%-44s %11.0f%%%n", "ingestor / that, median of rounds",
                    median(shapedRatios) * 100);
        }
        if (BrokerCpu.LOCAL.available()) {
            System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "RabbitMQ µs CPU/message: ingestor's (median)",
                    median(ingestorBrokerMicros));
            System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "RabbitMQ µs CPU/message: PerfTest's (median)",
                    median(perfTestBrokerMicros));
            if (SHAPED) {
                System.out.printf(Locale.ROOT, "%-44s %12.1f%n", "RabbitMQ µs CPU/message: shaped PerfTest's",
                        median(shapedBrokerMicros));
            }
        }
        System.out.println("PerfTest: " + String.join(" ", perfTestArguments));
        if (SHAPED) {
            System.out.println("  with the ingestor's shape, plus: " + String.join(" ", PerfTestRun.ingestorShape(SHAPED_EXCHANGE)));
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "ingestor-throughput");
        json.put("shards", SHARDS);
        json.put("compression", BenchEnvironment.COMPRESSION.wireName());
        json.put("warmupSeconds", WARMUP_SECONDS);
        json.put("seconds", SECONDS);
        json.put("rounds", ROUNDS);
        json.put("window", WINDOW);
        json.put("messageBytes", messageBytes);
        json.put("eventsConfirmed", moved);
        json.put("ingestorDispatchesPerSecond", ingestorRates.stream().map(Math::round).toList());
        json.put("brokerConfirmsPerSecond", brokerRates.stream().map(Math::round).toList());
        json.put("ratios", ratios.stream().map(r -> Math.round(r * 1000) / 1000.0).toList());
        json.put("ratio", Math.round(ratio * 1000) / 1000.0);
        json.put("ratioOfMedians", Math.round(ratioOfMedians * 1000) / 1000.0);
        json.put("perfTestArguments", perfTestArguments);
        json.put("brokerCpuMicrosPerMessageIngestor", rounded(ingestorBrokerMicros));
        json.put("brokerCpuMicrosPerMessagePerfTest", rounded(perfTestBrokerMicros));
        if (SHAPED) {
            json.put("shapedPerfTestConfirmsPerSecond", shapedRates.stream().map(Math::round).toList());
            json.put("shapedRatios", shapedRatios.stream().map(r -> Math.round(r * 1000) / 1000.0).toList());
            json.put("shapedRatio", Math.round(median(shapedRatios) * 1000) / 1000.0);
            json.put("shapedPerfTestExtraArguments", PerfTestRun.ingestorShape(SHAPED_EXCHANGE));
            json.put("brokerCpuMicrosPerMessageShapedPerfTest", rounded(shapedBrokerMicros));
        }
        json.put("javaVersion", System.getProperty("java.version"));
        json.put("processors", Runtime.getRuntime().availableProcessors());
        System.out.println("wrote " + BenchEnvironment.writeJson("throughput", json));
        System.exit(0);
    }

    private static PerfTestRun shapedRun(BenchEnvironment env, long messageBytes) throws Exception {
        try {
            return PerfTestRun.run(messageBytes, PERFTEST_CONFIRM, 0, SECONDS, PERFTEST_WARMUP_SECONDS,
                    PerfTestRun.ingestorShape(SHAPED_EXCHANGE));
        } finally {
            env.deleteExchange(SHAPED_EXCHANGE);
        }
    }

    /** Confirms/s at steady state, or the average sending rate when the run had no steady seconds. */
    private static double rateOf(PerfTestRun run) {
        return Double.isNaN(run.steadyConfirmRate()) ? run.publishRate() : run.steadyConfirmRate();
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static List<Double> rounded(List<Double> values) {
        return values.stream().map(v -> Double.isNaN(v) ? null : Math.round(v * 10) / 10.0).toList();
    }

    /** Closed loop: keeps at most {@link #WINDOW} events unconfirmed for {@code duration}. */
    private static long drive(BenchEnvironment env, PrometheusMeterRegistry registry, List<Counter> published,
                              long emitted, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            long room = WINDOW - (emitted - confirmed(registry, published));
            if (room <= 0) {
                LockSupport.parkNanos(500_000);
                continue;
            }
            for (long i = Math.min(room, 256); i > 0; i--) {
                env.emitMemberEvent();
                emitted++;
            }
        }
        return emitted;
    }

    /**
     * Sums every shard's and event type's published counter. {@code cache} is looked up again every
     * 50 ms (a counter appears with each new shard and type); more often would cost the load
     * generator CPU that the ingestor needs.
     */
    private static long confirmed(PrometheusMeterRegistry registry, List<Counter> cache) {
        long now = System.nanoTime();
        if (cache.isEmpty() || now - cacheRefreshedAt > 50_000_000L) {
            cacheRefreshedAt = now;
            cache.clear();
            cache.addAll(registry.find(IngestorMetrics.EVENTS_PUBLISHED).counters());
        }
        double sum = 0;
        for (Counter counter : cache) {
            sum += counter.count();
        }
        return (long) sum;
    }

}
