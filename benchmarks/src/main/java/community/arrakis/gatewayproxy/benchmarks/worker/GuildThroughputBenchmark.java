package community.arrakis.gatewayproxy.benchmarks.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Guild-event throughput by number of workers: a backlog of member joins over many guilds waits
 * in the guild partitions, then 1, 2 or 3 workers (started together, in this JVM) drain it. Each
 * event's handler waits {@code work-ms} (an I/O-bound handler: a slow downstream call), so a
 * worker's handler slots (64) are what limits the rate, not the broker or the CPU. Not a REST call:
 * the REST client keeps Discord's global 50 requests/s per bot, which would cap every run at 50/s
 * whatever the number of workers (measured: 4,000 role PUTs with one worker, 50/s). Prints, per
 * number of workers, the events per second from the workers' start to the last event handled, and
 * how the events split between them.
 *
 * <p>args: events per run (4000), guilds (400; one guild's events run one at a time, so guilds ×
 * 1000 / work-ms caps the rate too), rounds (2), work-ms (100)
 */
public final class GuildThroughputBenchmark {

    private GuildThroughputBenchmark() {
    }

    private record Run(int workers, int events, double seconds, List<Long> perWorker) {
        double perSecond() {
            return events / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int events = WorkerBench.intArg(args, 0, 4_000);
        int guildCount = WorkerBench.intArg(args, 1, 400);
        int rounds = WorkerBench.intArg(args, 2, 2);
        int workMs = WorkerBench.intArg(args, 3, 100);
        List<Run> runs = new ArrayList<>();
        try (WorkerBench bench = new WorkerBench("guild-throughput", Duration.ofMillis(41_250), new WorldSpec(guildCount, 2, 1));
             Connection admin = BrokerConnections.connect(WorkerBench.AMQP_URL, "bench-guild-throughput-admin");
             Channel channel = admin.createChannel()) {
            List<Guild> guilds = bench.simulator.world().guilds();
            long user = 600_000_000_000_000_000L;
            for (int round = 0; round < rounds; round++) {
                for (int workers = 1; workers <= 3; workers++) {
                    for (int i = 0; i < events; i++) {
                        bench.simulator.emitMemberAdd(guilds.get(i % guilds.size()).id(), Long.toString(user++));
                    }
                    WorkerBench.await(() -> backlog(channel, bench) >= events, Duration.ofSeconds(60), "the backlog in the partitions");
                    Run run = drain(bench, workers, events, workMs);
                    runs.add(run);
                    System.out.printf(Locale.ROOT, "round %d, %d worker(s): %,d events in %.2f s = %,.0f/s, split %s%n",
                            round + 1, workers, events, run.seconds(), run.perSecond(), run.perWorker());
                }
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n| workers | guild events/s (median of %d) | runs | events handled per worker (last run) |%n|---:|---:|---|---|%n", rounds));
        Map<String, Object> json = new LinkedHashMap<>();
        for (int workers = 1; workers <= 3; workers++) {
            int k = workers;
            List<Run> mine = runs.stream().filter(r -> r.workers() == k).toList();
            double[] rates = mine.stream().mapToDouble(Run::perSecond).sorted().toArray();
            double median = rates.length % 2 == 1 ? rates[rates.length / 2] : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
            table.append(String.format(Locale.ROOT, "| %d | %,.0f | %s | %s |%n", workers, median,
                    mine.stream().map(r -> String.format(Locale.ROOT, "%,.0f", r.perSecond())).toList(), mine.getLast().perWorker()));
            json.put(workers + "_workers", Map.of("median_per_second", median, "runs", mine));
        }
        System.out.print(table);
        System.out.println("events per run: " + events + " over " + guildCount + " guilds, " + workMs + " ms of work each; JSON in "
                + WorkerBench.writeJson("guild-throughput", json));
    }

    private static long backlog(Channel channel, WorkerBench bench) {
        long total = 0;
        for (String queue : bench.topology.guildPartitionQueues()) {
            try {
                total += channel.messageCount(queue);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return total;
    }

    /** Starts {@code count} workers together, waits until they handled {@code events}, stops them. */
    private static Run drain(WorkerBench bench, int count, int events, int workMs) throws Exception {
        AtomicLongArray handled = new AtomicLongArray(count);
        AtomicLong total = new AtomicLong();
        List<Worker> workers = new ArrayList<>();
        List<Thread> starting = new ArrayList<>();
        long started = System.nanoTime();
        for (int w = 0; w < count; w++) {
            int index = w;
            Handlers handlers = Handlers.create().memberJoin(ctx -> {
                Thread.sleep(workMs); // the workload (a downstream call), not a synchronisation
                handled.incrementAndGet(index);
                total.incrementAndGet();
            });
            String id = "guild-bench-" + count + "-" + w + "-" + System.nanoTime();
            starting.add(Thread.ofPlatform().start(() -> {
                try {
                    Worker worker = Worker.start(bench.workerConfig(id), handlers, new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
                    synchronized (workers) {
                        workers.add(worker);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (Thread thread : starting) {
            thread.join();
        }
        try {
            WorkerBench.await(() -> total.get() >= events, Duration.ofSeconds(300), "the workers to handle the backlog");
            double seconds = (System.nanoTime() - started) / 1e9;
            List<Long> split = new ArrayList<>();
            for (int w = 0; w < count; w++) {
                split.add(handled.get(w));
            }
            return new Run(count, events, seconds, split);
        } finally {
            workers.forEach(Worker::close);
        }
    }
}
