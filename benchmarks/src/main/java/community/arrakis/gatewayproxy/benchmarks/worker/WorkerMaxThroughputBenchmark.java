package community.arrakis.gatewayproxy.benchmarks.worker;

import community.arrakis.gatewayproxy.simulator.load.LoadDriver;
import community.arrakis.gatewayproxy.simulator.load.LoadProfile;
import community.arrakis.gatewayproxy.simulator.load.LoadReport;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The most interactions per second one worker (default config, trivial {@code /ping} handler)
 * sustains end to end, with the ingestor, RabbitMQ, Redis and the simulator on the same machine.
 * Steps the rate up (each step {@code stepSeconds}, after a 5 s warm-up at the first rate) until a
 * step is not clean; clean means nothing lost, expired or refused, the driver kept the rate (within
 * 2 %) and p99 under {@code p99LimitMillis}. Reports the highest clean rate.
 *
 * <pre>java -cp benchmarks.jar ...WorkerMaxThroughputBenchmark [stepSeconds=10] [p99LimitMillis=100] [rates=500,1000,...]</pre>
 */
public final class WorkerMaxThroughputBenchmark {

    private WorkerMaxThroughputBenchmark() {
    }

    record Step(int rate, LoadReport report, boolean clean) {
    }

    public static void main(String[] args) throws Exception {
        int stepSeconds = WorkerBench.intArg(args, 0, 10);
        int p99Limit = WorkerBench.intArg(args, 1, 100);
        List<Integer> rates = new ArrayList<>();
        for (String r : (args.length > 2 ? args[2] : "500,1000,1500,2000,2500,3000,4000,5000,6000,8000").split(",")) {
            rates.add(Integer.parseInt(r.trim()));
        }
        List<Step> steps = new ArrayList<>();
        try (WorkerBench bench = new WorkerBench("max", Duration.ofMillis(41_250))) {
            bench.startWorker(bench.workerConfig("bench-max"), Handlers.create().command("ping", ctx -> ctx.reply("pong")));
            new LoadDriver(bench.simulator).run(LoadProfile.constant(rates.get(0), Duration.ofSeconds(5)), Duration.ofSeconds(5));
            for (int rate : rates) {
                LoadReport report = new LoadDriver(bench.simulator).run(LoadProfile.constant(rate, Duration.ofSeconds(stepSeconds)),
                        Duration.ofSeconds(5));
                boolean clean = report.lost() == 0 && report.expired() == 0 && report.errors() == 0 && report.undelivered() == 0
                        && report.dispatchRate() >= rate * 0.98 && report.percentileMicros(99) < p99Limit * 1_000L;
                steps.add(new Step(rate, report, clean));
                System.out.printf(Locale.ROOT, "%d/s: answered %d/%d, lost %d, expired %d, errors %d, p99 %.2f ms -> %s%n", rate,
                        report.answered(), report.sent(), report.lost(), report.expired(), report.errors(),
                        report.percentileMicros(99) / 1000.0, clean ? "clean" : "NOT clean");
                if (!clean) {
                    break;
                }
            }
        }
        int best = steps.stream().filter(Step::clean).mapToInt(Step::rate).max().orElse(0);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "| rate/s | achieved/s | sent | answered | lost | expired | errors | p50 ms | p99 ms | max ms | clean |%n"
                        + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|%n"));
        List<Map<String, Object>> json = new ArrayList<>();
        for (Step s : steps) {
            LoadReport r = s.report();
            table.append(String.format(Locale.ROOT, "| %d | %.0f | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f | %s |%n", s.rate(),
                    r.dispatchRate(), r.sent(), r.answered(), r.lost(), r.expired(), r.errors(), r.percentileMicros(50) / 1000.0,
                    r.percentileMicros(99) / 1000.0, r.latencyMicros().getMaxValue() / 1000.0, s.clean() ? "yes" : "no"));
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("rate", s.rate());
            step.put("achieved", Math.round(r.dispatchRate()));
            step.put("sent", r.sent());
            step.put("answered", r.answered());
            step.put("lost", r.lost());
            step.put("expired", r.expired());
            step.put("errors", r.errors());
            step.put("p50_ms", r.percentileMicros(50) / 1000.0);
            step.put("p99_ms", r.percentileMicros(99) / 1000.0);
            step.put("max_ms", r.latencyMicros().getMaxValue() / 1000.0);
            step.put("clean", s.clean());
            json.add(step);
        }
        System.out.print(table);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("step_seconds", stepSeconds);
        result.put("p99_limit_ms", p99Limit);
        result.put("highest_clean_rate", best);
        result.put("steps", json);
        System.out.printf("highest clean rate: %d/s; JSON in %s%n", best, WorkerBench.writeJson("max-throughput", result));
    }
}
