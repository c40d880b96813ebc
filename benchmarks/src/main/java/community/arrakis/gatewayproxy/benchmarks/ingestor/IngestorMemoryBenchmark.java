package community.arrakis.gatewayproxy.benchmarks.ingestor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Memory of an ingestor process ({@link IngestorProcessMain} in a JVM of its own, with small-process
 * flags): resident set size from {@code /proc/<pid>/status} and heap used after a full GC, with 1,
 * 16 and 64 idle shards, and 16 shards under a steady load. The heap per idle shard is the slope
 * between 1 and 64 shards, so the fixed cost of the process does not count against the shards.
 * By default each shard has about one guild; {@code -Dguilds.per.shard=1000} gives each shard the
 * guilds of a real bot's shard (Discord's recommendation is about 1,000, its limit 2,500), whose ids
 * the gateway session keeps from READY and whose GUILD_CREATEs the ingestor forwards at start.
 *
 * <pre>java -cp benchmarks.jar ...IngestorMemoryBenchmark [-Drate=1000] [-Dload.seconds=30] [-Dsettle.seconds=5]
 *     [-Dscenarios=idle1,idle16,idle64,load16] [-Dguilds.per.shard=1000]
 *     [-Dchild.jvm.flags="-Xmx128m -XX:+UseSerialGC -Xss256k ..."] [-Dchild.env="MALLOC_ARENA_MAX=2"]</pre>
 *
 * Add {@code -XX:NativeMemoryTracking=summary} to the child flags to see where the memory goes.
 */
public final class IngestorMemoryBenchmark {

    /**
     * Flags for a small process. A 96 MiB heap cap: the ingestor holds no cache, its live heap is
     * about 15 MiB with 16 shards, the rest is room for events awaiting confirms. The serial
     * collector: the smallest footprint, and short pauses on a heap this size. C1 only
     * ({@code TieredStopAtLevel=1}): C2's compiler arenas and code are a large share of the resident
     * size of 16 shards under load (docs/benchmarks.md), and at 1,000 events/s C1's code is fast
     * enough (drop the flag for a process that must do 10,000/s). 256 KiB stacks for the few
     * platform threads; capped code cache and metaspace.
     */
    static final String DEFAULT_CHILD_FLAGS = "-Xms16m -Xmx96m -XX:+UseSerialGC -Xss256k -XX:TieredStopAtLevel=1 "
            + "-XX:ReservedCodeCacheSize=32m -XX:MaxMetaspaceSize=96m -XX:+ExitOnOutOfMemoryError";
    private static final int RATE = Integer.getInteger("rate", 1_000);
    private static final int LOAD_SECONDS = Integer.getInteger("load.seconds", 30);
    private static final int SETTLE_SECONDS = Integer.getInteger("settle.seconds", 5);
    /** 0: the default world, about one guild per shard. */
    private static final int GUILDS_PER_SHARD = Integer.getInteger("guilds.per.shard", 0);

    /**
     * glibc gives each thread that mallocs an arena of its own (up to 8 per core), and freed memory
     * in them stays resident: with NMT on, the RSS is far above what the JVM accounts for as
     * committed (docs/benchmarks.md). Two arenas are plenty for a process whose hot path allocates on the Java heap.
     */
    static final String DEFAULT_CHILD_ENV = "MALLOC_ARENA_MAX=2";
    private static final List<String> CHILD_ENV = Arrays.stream(
            System.getProperty("child.env", DEFAULT_CHILD_ENV).trim().split("\\s+")).filter(v -> v.contains("=")).toList();
    private static final List<String> SCENARIOS = Arrays.asList(
            System.getProperty("scenarios", "idle1,idle16,idle64,load16").split(","));
    private static final List<String> CHILD_FLAGS = Arrays.asList(
            System.getProperty("child.jvm.flags", DEFAULT_CHILD_FLAGS).trim().split("\\s+"));

    private IngestorMemoryBenchmark() {
    }

    /** {@code rssAnonKb}: the private part of the RSS; the rest is file pages (the JDK's modules, the jar, CDS). */
    record Sample(String scenario, int shards, int ratePerSecond, long rssKb, long peakRssKb, long rssAnonKb,
                  long heapUsedBytes) {
    }

    public static void main(String[] args) throws Exception {
        List<Sample> samples = new ArrayList<>();
        for (String scenario : SCENARIOS) {
            boolean load = scenario.startsWith("load");
            int shards = Integer.parseInt(scenario.replaceAll("[^0-9]", ""));
            samples.add(measure(load ? "load" : "idle", shards, load ? RATE : 0));
        }
        Sample one = find(samples, "idle", 1);
        Sample sixtyFour = find(samples, "idle", 64);
        Sample loaded = find(samples, "load", 16);
        double heapPerIdleShard = one == null || sixtyFour == null ? Double.NaN
                : (sixtyFour.heapUsedBytes() - one.heapUsedBytes()) / 63.0;
        double rssPerIdleShard = one == null || sixtyFour == null ? Double.NaN
                : (sixtyFour.rssKb() - one.rssKb()) * 1024.0 / 63.0;

        System.out.println();
        System.out.println("Ingestor memory (separate JVM: " + String.join(" ", CHILD_ENV) + " java "
                + String.join(" ", CHILD_FLAGS) + ")"
                + (GUILDS_PER_SHARD > 0 ? ", " + GUILDS_PER_SHARD + " guilds per shard" : ""));
        System.out.printf(Locale.ROOT, "%-8s %7s %10s %10s %13s %15s %16s%n", "scenario", "shards", "events/s", "RSS MB",
                "peak RSS MB", "RSS anon MB", "heap after GC MB");
        for (Sample s : samples) {
            System.out.printf(Locale.ROOT, "%-8s %7d %10d %10.1f %13.1f %15.1f %16.1f%n", s.scenario(), s.shards(),
                    s.ratePerSecond(), s.rssKb() / 1024.0, s.peakRssKb() / 1024.0, s.rssAnonKb() / 1024.0,
                    s.heapUsedBytes() / 1048576.0);
        }
        System.out.printf(Locale.ROOT, "heap per idle shard (1 -> 64 shards): %.0f KB (target < 2 MB)%n",
                heapPerIdleShard / 1024);
        System.out.printf(Locale.ROOT, "RSS per idle shard (1 -> 64 shards): %.0f KB%n", rssPerIdleShard / 1024);
        if (loaded != null) {
            System.out.printf(Locale.ROOT, "RSS with 16 shards at %d events/s: %.1f MB, peak %.1f MB (target < 128 MB)%n",
                    RATE, loaded.rssKb() / 1024.0, loaded.peakRssKb() / 1024.0);
        }

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", "ingestor-memory");
        json.put("childJvmFlags", CHILD_FLAGS);
        json.put("childEnvironment", CHILD_ENV);
        json.put("settleSeconds", SETTLE_SECONDS);
        json.put("loadSeconds", LOAD_SECONDS);
        json.put("guildsPerShard", GUILDS_PER_SHARD > 0 ? GUILDS_PER_SHARD : "about 1 (default world)");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Sample s : samples) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", s.scenario());
            row.put("shards", s.shards());
            row.put("ratePerSecond", s.ratePerSecond());
            row.put("rssMb", mb(s.rssKb() * 1024));
            row.put("peakRssMb", mb(s.peakRssKb() * 1024));
            row.put("rssAnonymousMb", mb(s.rssAnonKb() * 1024));
            row.put("heapUsedAfterGcMb", mb(s.heapUsedBytes()));
            rows.add(row);
        }
        json.put("samples", rows);
        json.put("heapPerIdleShardKb", Math.round(heapPerIdleShard / 1024));
        json.put("rssPerIdleShardKb", Math.round(rssPerIdleShard / 1024));
        json.put("javaVersion", System.getProperty("java.version"));
        System.out.println("wrote " + BenchEnvironment.writeJson("memory", json));
        System.exit(0);
    }

    private static Sample find(List<Sample> samples, String scenario, int shards) {
        return samples.stream().filter(s -> s.scenario().equals(scenario) && s.shards() == shards).findFirst()
                .orElse(null);
    }

    private static Sample measure(String scenario, int shards, int rate) throws Exception {
        System.out.printf(Locale.ROOT, "-- %s, %d shards%s%n", scenario, shards, rate > 0 ? ", " + rate + " events/s" : "");
        try (BenchEnvironment env = GUILDS_PER_SHARD > 0
                ? new BenchEnvironment("memory-" + shards, shards, shards * GUILDS_PER_SHARD)
                : new BenchEnvironment("memory-" + shards, shards)) {
            List<String> command = new ArrayList<>();
            command.add(BenchEnvironment.javaExecutable());
            command.addAll(CHILD_FLAGS);
            command.addAll(List.of("-DARRAKIS_LOG_LEVEL=WARN", "-cp", System.getProperty("java.class.path"),
                    IngestorProcessMain.class.getName(), env.discord.apiBaseUrl().toString(),
                    env.discord.config().botToken(), BenchEnvironment.AMQP_URL, BenchEnvironment.REDIS_URL,
                    env.topologyPrefix, env.redisPrefix, Integer.toString(shards)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            for (String variable : CHILD_ENV) {
                String[] pair = variable.split("=", 2);
                builder.environment().put(pair[0], pair[1]);
            }
            Process child = builder.start();
            BlockingQueue<String> answers = new LinkedBlockingQueue<>();
            Thread.ofPlatform().daemon().start(() -> readLines(child, answers));
            try (Writer commands = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
                BenchEnvironment.await(() -> env.discord.sessions().stream().filter(s -> s.connected()).count() == shards,
                        Duration.ofSeconds(120), shards + " shards connected");
                settle();
                long peak = rssKb(child.pid());
                if (rate > 0) {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(LOAD_SECONDS);
                    while (System.nanoTime() < end) {
                        env.emitAtRate(rate, Duration.ofSeconds(1));
                        peak = Math.max(peak, rssKb(child.pid()));
                    }
                }
                long rss = rssKb(child.pid());
                peak = Math.max(peak, rss);
                long anonymous = statusKb(child.pid(), "RssAnon:");
                if (CHILD_FLAGS.stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking"))) {
                    printNativeMemory(child.pid());
                }
                commands.write("gc\n");
                commands.flush();
                long heap = -1;
                while (heap < 0) {
                    String line = answers.poll(30, TimeUnit.SECONDS);
                    if (line == null) {
                        throw new IllegalStateException("the ingestor process did not answer 'gc'");
                    }
                    if (line.startsWith("heap ")) {
                        heap = Long.parseLong(line.substring(5).trim());
                    }
                }
                System.out.printf(Locale.ROOT, "   RSS %.1f MB (peak %.1f MB, anonymous %.1f MB), heap after GC %.1f MB%n",
                        rss / 1024.0, peak / 1024.0, anonymous / 1024.0, heap / 1048576.0);
                return new Sample(scenario, shards, rate, rss, peak, anonymous, heap);
            } finally {
                if (!child.waitFor(20, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor();
                }
            }
        }
    }

    /** Lets start-up garbage and JIT work settle before the first reading. */
    private static void settle() {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(SETTLE_SECONDS));
    }

    private static void readLines(Process child, BlockingQueue<String> lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("heap ")) {
                    lines.add(line);
                } else if (line.contains("WARN") || line.contains("ERROR")) {
                    System.out.println("   ingestor | " + line);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** With NMT on in the child: where its memory goes, by category (committed). */
    private static void printNativeMemory(long pid) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "VM.native_memory", "summary", "scale=MB").redirectErrorStream(true).start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("-") || line.startsWith("Total")) {
                    System.out.println("   nmt | " + line.trim());
                }
            }
        }
        jcmd.waitFor();
    }

    static long rssKb(long pid) throws IOException {
        return statusKb(pid, "VmRSS:");
    }

    /** A kB figure from {@code /proc/<pid>/status}, e.g. {@code VmRSS:} or {@code RssAnon:}. */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1048576.0 * 10) / 10.0;
    }
}
