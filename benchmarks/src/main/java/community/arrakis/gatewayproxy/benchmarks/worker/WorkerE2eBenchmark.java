package community.arrakis.gatewayproxy.benchmarks.worker;

import community.arrakis.gatewayproxy.simulator.load.LoadDriver;
import community.arrakis.gatewayproxy.simulator.load.LoadProfile;
import community.arrakis.gatewayproxy.simulator.load.LoadReport;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Simulator dispatch → interaction callback received, through a real ingestor, RabbitMQ and one
 * worker (default config, {@code /ping} answering "pong"), all in this JVM, at a constant rate.
 * The simulator's load driver measures from handing the dispatch to the gateway to the callback
 * arriving at its REST API. A warm-up is not counted: a ramp from a tenth of the rate to the rate over
 * {@code warmupSeconds} (default 30), then half as long at the rate (on two cores the JIT needs that
 * long before p99 settles, and it compiles slower under full load).
 *
 * <pre>java -cp benchmarks.jar ...WorkerE2eBenchmark [seconds=30] [rate=1000] [warmupSeconds=30]</pre>
 * Target: p99 &lt; 25 ms, zero errors, expired or lost. Exit code 0 when met.
 */
public final class WorkerE2eBenchmark {

    private WorkerE2eBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = WorkerBench.intArg(args, 0, 30);
        int rate = WorkerBench.intArg(args, 1, 1_000);
        int warmup = WorkerBench.intArg(args, 2, 30);
        LoadReport report;
        try (WorkerBench bench = new WorkerBench("e2e", Duration.ofMillis(41_250))) {
            bench.startWorker(bench.workerConfig("bench-e2e"), Handlers.create().command("ping", ctx -> ctx.reply("pong")));
            // A ramp, not the full rate from the first second: on two cores a pipeline hit at full rate
            // while the JIT still compiles it builds a backlog it cannot work off before measuring starts.
            System.out.printf("warm-up: %d/s to %d/s over %d s, then %d/s for %d s%n", rate / 10, rate, warmup, rate,
                    warmup / 2);
            new LoadDriver(bench.simulator).run(new LoadProfile("warm-up", java.util.List.of(
                    LoadProfile.Stage.ramp(rate / 10.0, rate, Duration.ofSeconds(warmup)),
                    new LoadProfile.Stage(rate, Duration.ofSeconds(Math.max(1, warmup / 2))))), Duration.ofSeconds(5));
            System.out.printf("measuring: %d/s for %d s%n", rate, seconds);
            report = new LoadDriver(bench.simulator).run(LoadProfile.constant(rate, Duration.ofSeconds(seconds)),
                    Duration.ofSeconds(5)).withContext("benchmark", "worker-e2e").withContext("rate", Integer.toString(rate)).withContext("warmup_s", Integer.toString(warmup))
                    .withContext("worker", "1 (prefetch 50, concurrency 64)");
        }
        System.out.println(report.toTable());
        File file = new File(System.getProperty("bench.results", "bench-results"), "worker-e2e.json");
        report.writeJson(Path.of(file.getPath()));
        boolean met = report.percentileMicros(99) < 25_000 && report.errors() == 0 && report.expired() == 0
                && report.lost() == 0 && report.undelivered() == 0;
        System.out.printf("p99 %.2f ms (target < 25 ms), errors %d, expired %d, lost %d: %s; JSON in %s%n",
                report.percentileMicros(99) / 1000.0, report.errors(), report.expired(), report.lost(),
                met ? "target met" : "TARGET MISSED", file);
        System.exit(met ? 0 : 1);
    }
}
