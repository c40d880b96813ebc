package community.arrakis.gatewayproxy.benchmarks.worker;

import community.arrakis.gatewayproxy.simulator.load.LoadDriver;
import community.arrakis.gatewayproxy.simulator.load.LoadProfile;
import community.arrakis.gatewayproxy.simulator.load.LoadReport;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * 200 interactions/s whose handler takes 2 s (a blocking sleep on its virtual thread, then
 * {@code reply}): every one must be acknowledged within Discord's 3 s (the first callback, a direct
 * answer or the automatic defer), none expired, and the gateway must not notice: the ingestor's
 * heartbeat round trip stays low and its shard stays READY without reconnecting. The simulator
 * heartbeats every second here so a run sees many heartbeats.
 *
 * <p>A worker holds rate × handler time = 400 handlers at once, so it runs with prefetch and
 * concurrency 1,000; with the defaults (50/64) it would fall behind by ~170/s.
 *
 * <pre>java -cp benchmarks.jar ...WorkerSlowHandlersBenchmark [seconds=30] [rate=200] [handlerMillis=2000]</pre>
 */
public final class WorkerSlowHandlersBenchmark {

    private WorkerSlowHandlersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = WorkerBench.intArg(args, 0, 30);
        int rate = WorkerBench.intArg(args, 1, 200);
        int handlerMillis = WorkerBench.intArg(args, 2, 2_000);
        int slots = 1_000;
        LoadReport report;
        AtomicLong maxRttMicros = new AtomicLong();
        DoubleAdder rttSum = new DoubleAdder();
        AtomicInteger rttSamples = new AtomicInteger();
        AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
        long reconnects;
        long autoDeferred;
        try (WorkerBench bench = new WorkerBench("slow", Duration.ofSeconds(1))) {
            Worker worker = bench.startWorker(bench.workerConfig("bench-slow").toBuilder().prefetch(slots).concurrency(slots).build(),
                    Handlers.create().command("ping", ctx -> {
                        Thread.sleep(handlerMillis); // the slow work
                        ctx.reply("pong after " + handlerMillis + " ms");
                    }));
            long reconnectsBefore = bench.reconnects();
            Thread sampler = Thread.ofPlatform().daemon().name("gateway-sampler").start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    bench.heartbeatRttMillis().ifPresent(ms -> {
                        maxRttMicros.accumulateAndGet((long) (ms * 1000), Math::max);
                        rttSum.add(ms);
                        rttSamples.incrementAndGet();
                    });
                    minReady.accumulateAndGet(bench.shardsReady(), Math::min);
                    try {
                        Thread.sleep(100); // sampling period of a gauge, not synchronisation
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            System.out.printf("measuring: %d/s for %d s, handlers take %d ms%n", rate, seconds, handlerMillis);
            report = new LoadDriver(bench.simulator).run(LoadProfile.constant(rate, Duration.ofSeconds(seconds)),
                    Duration.ofMillis(handlerMillis + 5_000)).withContext("benchmark", "worker-slow-handlers")
                    .withContext("rate", Integer.toString(rate)).withContext("handler_ms", Integer.toString(handlerMillis))
                    .withContext("worker", "1 (prefetch and concurrency " + slots + ")");
            sampler.interrupt();
            sampler.join();
            reconnects = bench.reconnects() - reconnectsBefore;
            autoDeferred = (long) worker.metrics().registry().find(WorkerMetrics.AUTO_DEFERRED).counters().stream()
                    .mapToDouble(c -> c.count()).sum();
        }
        System.out.println(report.toTable());
        double maxAckMs = report.latencyMicros().getMaxValue() / 1000.0;
        double maxRtt = maxRttMicros.get() / 1000.0;
        double meanRtt = rttSamples.get() == 0 ? Double.NaN : rttSum.sum() / rttSamples.get();
        System.out.printf(Locale.ROOT, "| acknowledged | max ack ms | expired | lost | errors | auto-deferred | "
                        + "heartbeat RTT mean ms | heartbeat RTT max ms | shards READY (min) | reconnects |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|%n| %d | %.1f | %d | %d | %d | %d | %.2f | %.2f | %d | %d |%n",
                report.answered(), maxAckMs, report.expired(), report.lost(), report.errors(), autoDeferred, meanRtt, maxRtt,
                minReady.get(), reconnects);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rate", rate);
        result.put("seconds", seconds);
        result.put("handler_ms", handlerMillis);
        result.put("sent", report.sent());
        result.put("acknowledged", report.answered());
        result.put("expired", report.expired());
        result.put("lost", report.lost());
        result.put("errors", report.errors());
        result.put("ack_ms", Map.of("p50", report.percentileMicros(50) / 1000.0, "p99", report.percentileMicros(99) / 1000.0,
                "max", maxAckMs));
        result.put("auto_deferred", autoDeferred);
        result.put("heartbeat_rtt_ms", Map.of("mean", meanRtt, "max", maxRtt, "samples", rttSamples.get()));
        result.put("shards_ready_min", minReady.get());
        result.put("reconnects", reconnects);
        boolean met = report.expired() == 0 && report.lost() == 0 && report.errors() == 0 && maxAckMs < 3_000
                && minReady.get() >= 1 && reconnects == 0;
        result.put("passed", met);
        System.out.println((met ? "target met" : "TARGET MISSED") + "; JSON in " + WorkerBench.writeJson("slow-handlers", result));
        System.exit(met ? 0 : 1);
    }
}
