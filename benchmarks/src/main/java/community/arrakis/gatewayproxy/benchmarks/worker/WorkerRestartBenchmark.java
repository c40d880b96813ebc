package community.arrakis.gatewayproxy.benchmarks.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * From starting {@code java -jar app/target/arrakis-gateway-proxy.jar worker ...} (JVM start
 * included) to its first message handled, with messages already waiting: {@code backlog} member
 * joins are published through the real ingestor to the guild queue while no worker runs, then the
 * worker process starts with {@code --join-role}; "handled" is the simulator receiving its first
 * role PUT. Also reported: to the worker's "consuming" line, and until the whole backlog is handled.
 * Each JVM-flag variant runs {@code runs} times (the AppCDS ones after one unmeasured run that
 * writes the archive); the process is stopped with SIGTERM after each run.
 *
 * <pre>java -cp benchmarks.jar ...WorkerRestartBenchmark [runs=3] [backlog=200] [appJar=app/target/arrakis-gateway-proxy.jar]</pre>
 * Target: first message handled within 2 s of the start.
 */
public final class WorkerRestartBenchmark {

    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";
    private static final AtomicLong NEXT_USER = new AtomicLong(559_000_000_000_000_000L);

    private WorkerRestartBenchmark() {
    }

    record Variant(String name, List<String> flags, boolean trainsArchive) {
    }

    record Run(double readyMs, double firstHandledMs, double backlogMs) {
    }

    public static void main(String[] args) throws Exception {
        int runs = WorkerBench.intArg(args, 0, 3);
        int backlog = WorkerBench.intArg(args, 1, 200);
        Path jar = Path.of(args.length > 2 ? args[2] : "app/target/arrakis-gateway-proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: build it with ./mvnw -DskipTests package -pl app -am");
        }
        Path archives = Files.createTempDirectory("worker-cds");
        String archive = archives.resolve("worker.jsa").toString();
        String archiveC1 = archives.resolve("worker-c1.jsa").toString();
        List<Variant> variants = List.of(
                new Variant("default", List.of(), false),
                new Variant("-XX:TieredStopAtLevel=1", List.of("-XX:TieredStopAtLevel=1"), false),
                new Variant("AppCDS (auto archive)", List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive), true),
                new Variant("AppCDS + TieredStopAtLevel=1", List.of("-XX:+AutoCreateSharedArchive",
                        "-XX:SharedArchiveFile=" + archiveC1, "-XX:TieredStopAtLevel=1"), true),
                new Variant("-Xshare:off (no CDS at all)", List.of("-Xshare:off"), false));
        Map<String, List<Run>> results = new LinkedHashMap<>();
        try (WorkerBench bench = new WorkerBench("restart", Duration.ofMillis(41_250));
             Connection admin = BrokerConnections.connect(WorkerBench.AMQP_URL, "bench-restart-admin");
             Channel channel = admin.createChannel()) {
            Guild guild = bench.simulator.world().guilds().get(0);
            String role = guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
            for (Variant variant : variants) {
                List<Run> measured = new ArrayList<>();
                for (int i = variant.trainsArchive() ? -1 : 0; i < runs; i++) {
                    Run run = once(bench, channel, jar, variant.flags(), guild, role, backlog);
                    System.out.printf(Locale.ROOT, "%-30s %s ready %6.0f ms, first handled %6.0f ms, backlog of %d handled %6.0f ms%n",
                            variant.name(), i < 0 ? "(archive run)" : "run " + (i + 1) + "      ", run.readyMs(),
                            run.firstHandledMs(), backlog, run.backlogMs());
                    if (i >= 0) {
                        measured.add(run);
                    }
                }
                results.put(variant.name(), measured);
            }
        } finally {
            try (var files = Files.list(archives)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(archives);
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "%n| JVM flags | start → consuming, median ms | start → first handled, median ms (min–max) | start → backlog of %d handled, median ms |%n"
                        + "|---|---:|---:|---:|%n", backlog));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("backlog", backlog);
        json.put("runs", runs);
        Map<String, Object> byVariant = new LinkedHashMap<>();
        results.forEach((name, list) -> {
            table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f (%.0f–%.0f) | %.0f |%n", name, median(list, Run::readyMs),
                    median(list, Run::firstHandledMs), list.stream().mapToDouble(Run::firstHandledMs).min().orElse(0),
                    list.stream().mapToDouble(Run::firstHandledMs).max().orElse(0), median(list, Run::backlogMs)));
            byVariant.put(name, Map.of("ready_ms_median", median(list, Run::readyMs),
                    "first_handled_ms_median", median(list, Run::firstHandledMs),
                    "backlog_ms_median", median(list, Run::backlogMs), "runs", list));
        });
        json.put("variants", byVariant);
        System.out.print(table);
        System.out.println("target: first message handled < 2,000 ms; JSON in " + WorkerBench.writeJson("restart", json));
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    private static Run once(WorkerBench bench, Channel channel, Path jar, List<String> flags, Guild guild, String role,
                            int backlog) throws Exception {
        // the backlog, through the ingestor, waiting in the guild's partition queue
        List<String> users = new ArrayList<>();
        for (int i = 0; i < backlog; i++) {
            String user = Long.toString(NEXT_USER.getAndIncrement());
            bench.simulator.emitMemberAdd(guild.id(), user);
            users.add(user);
        }
        String queue = bench.topology.guildPartitionQueue(GuildPartitions.partitionOf(guild.id(), bench.topology.guildPartitions()));
        WorkerBench.await(() -> messageCount(channel, queue) >= backlog, Duration.ofSeconds(30), "the backlog in " + queue);

        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(flags);
        command.addAll(List.of("-jar", jar.toString(), "worker", "--rabbitmq-url", WorkerBench.AMQP_URL,
                "--redis-url", WorkerBench.REDIS_URL, "--discord-api-url", bench.simulator.apiBaseUrl().toString(),
                "--topology-prefix", bench.topologyPrefix, "--redis-prefix", bench.redisPrefix, "--ops-port", "0",
                "--join-role", role));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("DISCORD_TOKEN", bench.simulator.config().botToken()); // not on the command line
        builder.environment().put("ARRAKIS_LOG_LEVEL", "WARN");
        AtomicLong readyAt = new AtomicLong();
        Instant startedAt = Instant.now();
        long started = System.nanoTime();
        Process process = builder.start();
        Thread output = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (readyAt.get() == 0 && line.contains(" consuming ")) {
                        readyAt.set(System.nanoTime());
                    } else if (line.contains("ERROR") || line.contains("Exception")) {
                        System.out.println("[worker] " + line);
                    }
                }
            } catch (IOException e) {
                // stopped
            }
        });
        try {
            java.util.Set<String> waiting = new java.util.HashSet<>(users);
            WorkerBench.await(() -> rolePuts(bench, waiting).size() >= backlog, Duration.ofSeconds(60),
                    "the worker to handle the backlog");
            List<RecordedRequest> puts = rolePuts(bench, waiting);
            Instant first = puts.stream().map(RecordedRequest::receivedAt).min(Comparator.naturalOrder()).orElseThrow();
            Instant last = puts.stream().map(RecordedRequest::receivedAt).max(Comparator.naturalOrder()).orElseThrow();
            return new Run(readyAt.get() == 0 ? Double.NaN : (readyAt.get() - started) / 1e6,
                    Duration.between(startedAt, first).toNanos() / 1e6, Duration.between(startedAt, last).toNanos() / 1e6);
        } finally {
            process.destroy(); // SIGTERM: graceful
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            output.join(2_000);
        }
    }

    private static List<RecordedRequest> rolePuts(WorkerBench bench, java.util.Set<String> users) {
        return bench.simulator.requests().filter(r -> r.is("PUT", ROLE_ROUTE) && r.status() < 300
                && r.pathParam("user_id").filter(users::contains).isPresent());
    }

    private static long messageCount(Channel channel, String queue) {
        try {
            return channel.messageCount(queue);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
