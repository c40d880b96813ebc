package community.arrakis.gatewayproxy.worker.testing;

import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a JVM of its own, so a test can kill it with SIGKILL. Started from the test's
 * classpath; prints {@link #READY} once consuming. Handlers: {@code /ping} answers "pong",
 * {@code member.join} gives the role passed on the command line.
 */
public final class WorkerProcess {

    public static final String READY = "WORKER-PROCESS-READY";

    private WorkerProcess() {
    }

    /** The handlers both the child process and the in-test workers run. */
    public static Handlers proofBot(String roleId) {
        return Handlers.create()
                .command("ping", ctx -> ctx.reply("pong"))
                .memberJoin(ctx -> ctx.rest().addGuildMemberRole(ctx.guildId(), ctx.userId(), roleId, "welcome"));
    }

    /** args: amqpUrl redisUrl apiBaseUrl topologyPrefix redisPrefix workerId botToken roleId */
    public static void main(String[] args) throws Exception {
        WorkerConfig config = WorkerConfig.builder().amqpUrl(args[0]).redisUrl(args[1]).apiBaseUrl(URI.create(args[2]))
                .topology(Topology.withPrefix(args[3])).redisKeyPrefix(args[4]).workerId(args[5])
                .botToken(args[6]).build();
        CountDownLatch stop = new CountDownLatch(1);
        try (Worker worker = Worker.start(config, proofBot(args[7]), new SimpleMeterRegistry())) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println(READY);
            System.out.flush();
            stop.await();
        }
    }

    /** Starts the child JVM and waits until it consumes. */
    public static Process start(Pipeline pipeline, String workerId, String roleId) throws IOException, InterruptedException {
        CountDownLatch ready = new CountDownLatch(1);
        Process process = launch(pipeline, workerId, roleId, ready);
        if (!ready.await(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("worker process " + workerId + " did not start within 20 s");
        }
        return process;
    }

    /**
     * Starts the child JVM without waiting; {@code ready} counts down once it consumes. Its output
     * is drained on a thread of its own (a full pipe would block the child's logging); warnings,
     * errors and takeovers are echoed with the worker's id.
     */
    public static Process launch(Pipeline pipeline, String workerId, String roleId, CountDownLatch ready) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"),
                WorkerProcess.class.getName(), pipeline.amqpUrl(), RedisKeys.REDIS_URL,
                pipeline.simulator().apiBaseUrl().toString(), pipeline.topologyPrefix(), pipeline.redisPrefix(),
                workerId, pipeline.simulator().config().botToken(), roleId)).redirectErrorStream(true);
        Process process = builder.start();
        Thread.ofPlatform().daemon().name("worker-process-output-" + workerId).start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.contains(READY)) {
                        ready.countDown();
                    } else if (line.contains("WARN") || line.contains("ERROR") || line.contains("taking over")) {
                        System.out.println("[" + workerId + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the process was killed
            }
        });
        return process;
    }
}
