package community.arrakis.gatewayproxy.benchmarks.ingestor;

import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The latency the ingestor adds: from the gateway frame being read off the socket to the broker's
 * confirm, at a steady {@code rate} (1,000 events/s by default). It reads the ingestor's own
 * {@code arrakis_ingestor_publish_latency} timer, which measures exactly that span, after a
 * warm-up whose samples are discarded; percentiles are kept at 3 significant digits for the run.
 * Then RabbitMQ PerfTest publishes messages of the same size at the same rate with confirms, for
 * the broker's own confirm latency on this machine: the floor under ours.
 *
 * <pre>java -cp benchmarks.jar ...IngestorLatencyBenchmark [-Drate=1000] [-Dshards=2] [-Dwarmup.seconds=5] [-Dseconds=30]</pre>
 */
public final class IngestorLatencyBenchmark {

    private static final int RATE = Integer.getInteger("rate", 1_000);
    private static final int SHARDS = Integer.getInteger("shards", 2);
    private static final int WARMUP_SECONDS = Integer.getInteger("warmup.seconds", 5);
    private static final int SECONDS = Integer.getInteger("seconds", 30);
    private static final double[] PERCENTILES = {0.5, 0.9, 0.99, 0.999};

    private IngestorLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        WarmUpClock clock = new WarmUpClock();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT,
                new io.prometheus.metrics.model.registry.PrometheusRegistry(), clock);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals(IngestorMetrics.PUBLISH_LATENCY)) {
                    return config;
                }
                return DistributionStatisticConfig.builder().percentiles(PERCENTILES).percentilePrecision(3)
                        .expiry(Duration.ofHours(1)).bufferLength(1).build().merge(config);
            }
        });
        Map<String, Object> json = new LinkedHashMap<>();
        long emitted;
        HistogramSnapshot snapshot;
        double maxMillis;
        long samples;
        double meanMillis;
        long drained;
        long drainedBytes;
        try (BenchEnvironment env = new BenchEnvironment("latency", SHARDS);
             Ingestor ingestor = new Ingestor(env.ingestorConfig(SHARDS), registry, Clock.systemUTC()).start()) {
            BenchEnvironment.await(ingestor::isReady, Duration.ofSeconds(30), "every shard READY");
            long warm = env.emitAtRate(RATE, Duration.ofSeconds(WARMUP_SECONDS));
            BenchEnvironment.await(() -> published(registry) >= warm, Duration.ofSeconds(30), "the warm-up confirms");
            // the timer's one time-window buffer starts afresh on its next sample: the warm-up is forgotten
            clock.endWarmUp();
            Timer warmUp = registry.find(IngestorMetrics.PUBLISH_LATENCY).timer();
            long warmUpCount = warmUp.count();
            double warmUpMicros = warmUp.totalTime(TimeUnit.MICROSECONDS);
            long before = published(registry);
            emitted = env.emitAtRate(RATE, Duration.ofSeconds(SECONDS));
            BenchEnvironment.await(() -> published(registry) >= before + emitted, Duration.ofSeconds(60), "the confirms");
            Timer timer = registry.find(IngestorMetrics.PUBLISH_LATENCY).timer();
            snapshot = timer.takeSnapshot();
            maxMillis = timer.max(TimeUnit.MICROSECONDS) / 1000.0;
            // count and total are for the whole life of the timer: take the warm-up's share out
            samples = timer.count() - warmUpCount;
            meanMillis = (timer.totalTime(TimeUnit.MICROSECONDS) - warmUpMicros) / Math.max(1, samples) / 1000.0;
            drained = env.drained.get();
            drainedBytes = env.drainedBytes.get();
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "Ingestor added latency, frame read -> broker confirm, at %d events/s over %d s "
                + "(%d shards, %d samples)%n", RATE, SECONDS, SHARDS, samples);
        System.out.printf(Locale.ROOT, "%-12s %10s%n", "percentile", "ms");
        Map<String, Object> percentiles = new LinkedHashMap<>();
        for (ValueAtPercentile value : snapshot.percentileValues()) {
            double ms = value.value(TimeUnit.MICROSECONDS) / 1000.0;
            String name = "p" + trim(value.percentile() * 100);
            System.out.printf(Locale.ROOT, "%-12s %10.3f%n", name, ms);
            percentiles.put(name, round(ms));
        }
        System.out.printf(Locale.ROOT, "%-12s %10.3f%n", "max", maxMillis);
        System.out.printf(Locale.ROOT, "%-12s %10.3f%n", "mean", meanMillis);
        System.out.println("target: p99 < 5 ms");
        long messageBytes = drainedBytes / Math.max(1, drained);
        PerfTestRun broker = PerfTestRun.run(messageBytes, 1_000, RATE, Math.min(SECONDS, 30));
        System.out.printf(Locale.ROOT, "broker alone at the same rate (PerfTest, %d-byte persistent messages, confirms): "
                + "confirm latency min/p50/p75/p95/p99 = %s us%n", messageBytes,
                broker.confirmMicros().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("/")));
        json.put("brokerConfirmMicrosMinP50P75P95P99", broker.confirmMicros());
        json.put("perfTestArguments", broker.arguments());

        json.put("benchmark", "ingestor-latency");
        json.put("ratePerSecond", RATE);
        json.put("shards", SHARDS);
        json.put("compression", BenchEnvironment.COMPRESSION.wireName());
        json.put("warmupSeconds", WARMUP_SECONDS);
        json.put("seconds", SECONDS);
        json.put("samples", samples);
        json.put("emitted", emitted);
        json.put("millis", percentiles);
        json.put("maxMillis", round(maxMillis));
        json.put("meanMillis", round(meanMillis));
        json.put("javaVersion", System.getProperty("java.version"));
        json.put("processors", Runtime.getRuntime().availableProcessors());
        System.out.println("wrote " + BenchEnvironment.writeJson("latency", json));
        System.exit(0);
    }

    /**
     * Micrometer's clock for the registry, its wall time standing still so that the latency timer's
     * single time-window buffer (expiry 1 h) never rotates, except once: {@link #endWarmUp} moves it
     * two hours on, and the timer's next sample rotates the buffer, dropping the warm-up's samples.
     * (The ingestor keeps its timer for good, so removing it from the registry would not do.)
     */
    private static final class WarmUpClock implements io.micrometer.core.instrument.Clock {
        private final long start = System.currentTimeMillis();
        private volatile long offset;

        void endWarmUp() {
            offset += Duration.ofHours(2).toMillis();
        }

        @Override
        public long wallTime() {
            return start + offset;
        }

        @Override
        public long monotonicTime() {
            return System.nanoTime();
        }
    }

    private static long published(PrometheusMeterRegistry registry) {
        return (long) registry.find(IngestorMetrics.EVENTS_PUBLISHED).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static String trim(double percent) {
        return percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
