package community.arrakis.gatewayproxy.benchmarks.ingestor;

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
 * PerfTest, same message size, persistent, confirms, one producer, one consumer) in the same run.
 *
 * <p>The simulator is driven as fast as the ingestor drains: a closed loop keeps at most
 * {@code window} events emitted but not yet confirmed. Member joins and leaves, which go to the
 * durable guild queue.
 *
 * <pre>java -cp benchmarks.jar ...IngestorThroughputBenchmark
 *     [-Dshards=2] [-Dwarmup.seconds=5] [-Dseconds=15] [-Dwindow=5000] [-Dperftest.confirm=1000]
 *     [-Dperftest.classpath=the micrometer registries PerfTest wants, see scripts/bench/ingestor-throughput.sh]</pre>
 */
public final class IngestorThroughputBenchmark {

    private static final int SHARDS = Integer.getInteger("shards", 2);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 5);
    private static final int SECONDS = Integer.getInteger("seconds", 15);
    private static final int WINDOW = Integer.getInteger("window", 5_000);
    private static final int PERFTEST_CONFIRM = Integer.getInteger("perftest.confirm", 1_000);

    private IngestorThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        double ingestorRate;
        long messageBytes;
        long moved;
        try (BenchEnvironment env = new BenchEnvironment("throughput", SHARDS)) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Ingestor ingestor = new Ingestor(env.ingestorConfig(SHARDS), registry, Clock.systemUTC()).start()) {
                BenchEnvironment.await(ingestor::isReady, Duration.ofSeconds(30), "every shard READY");
                List<Counter> published = new ArrayList<>();
                long emitted = 0;
                emitted = drive(env, registry, published, emitted, Duration.ofSeconds(WARMUP_SECONDS));
                long before = confirmed(registry, published);
                long start = System.nanoTime();
                emitted = drive(env, registry, published, emitted, Duration.ofSeconds(SECONDS));
                long after = confirmed(registry, published);
                double seconds = (System.nanoTime() - start) / 1e9;
                moved = after - before;
                ingestorRate = moved / seconds;
                long total = emitted;
                BenchEnvironment.await(() -> confirmed(registry, published) >= total, Duration.ofSeconds(60),
                        "the last confirms");
                BenchEnvironment.await(() -> env.drained.get() >= total, Duration.ofSeconds(60), "the queue drained");
                messageBytes = env.drainedBytes.get() / Math.max(1, env.drained.get());
            }
        }
        PerfTestRun broker = PerfTestRun.run(messageBytes, PERFTEST_CONFIRM, 0, SECONDS);
        double ratio = ingestorRate / broker.publishRate();

        System.out.println();
        System.out.println("Ingestor throughput (simulator -> ingestor -> RabbitMQ, persistent, confirmed)");
        System.out.printf(Locale.ROOT, "%-44s %12s%n", "measure", "value");
        System.out.printf(Locale.ROOT, "%-44s %12d%n", "shards", SHARDS);
        System.out.printf(Locale.ROOT, "%-44s %12s%n", "gateway zlib-stream compression", BenchEnvironment.ZLIB);
        System.out.printf(Locale.ROOT, "%-44s %12d%n", "message size (bytes, envelope)", messageBytes);
        System.out.printf(Locale.ROOT, "%-44s %12.0f%n", "ingestor: dispatches/s confirmed", ingestorRate);
        System.out.printf(Locale.ROOT, "%-44s %12.0f%n", "broker ceiling: PerfTest publish msg/s", broker.publishRate());
        System.out.printf(Locale.ROOT, "%-44s %12.0f%n", "broker ceiling: PerfTest consume msg/s", broker.consumeRate());
        System.out.printf(Locale.ROOT, "%-44s %11.0f%%%n", "ingestor / broker ceiling (target >= 70 %)", ratio * 100);
        System.out.println("PerfTest: " + String.join(" ", broker.arguments()));

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "ingestor-throughput");
        json.put("shards", SHARDS);
        json.put("zlibStream", BenchEnvironment.ZLIB);
        json.put("warmupSeconds", WARMUP_SECONDS);
        json.put("seconds", SECONDS);
        json.put("window", WINDOW);
        json.put("messageBytes", messageBytes);
        json.put("eventsConfirmed", moved);
        json.put("ingestorDispatchesPerSecond", Math.round(ingestorRate));
        json.put("brokerPublishPerSecond", Math.round(broker.publishRate()));
        json.put("brokerConsumePerSecond", Math.round(broker.consumeRate()));
        json.put("ratio", Math.round(ratio * 1000) / 1000.0);
        json.put("perfTestArguments", broker.arguments());
        json.put("javaVersion", System.getProperty("java.version"));
        json.put("processors", Runtime.getRuntime().availableProcessors());
        System.out.println("wrote " + BenchEnvironment.writeJson("throughput", json));
        System.exit(0);
    }

    /** Closed loop: keeps at most {@link #WINDOW} events unconfirmed for {@code duration}. */
    private static long drive(BenchEnvironment env, PrometheusMeterRegistry registry, List<Counter> published,
                              long emitted, Duration duration) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            long room = WINDOW - (emitted - confirmed(registry, published));
            if (room <= 0) {
                LockSupport.parkNanos(100_000);
                continue;
            }
            for (long i = Math.min(room, 256); i > 0; i--) {
                env.emitMemberEvent();
                emitted++;
            }
        }
        return emitted;
    }

    private static long confirmed(PrometheusMeterRegistry registry, List<Counter> cache) {
        if (cache.size() < SHARDS) {
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
