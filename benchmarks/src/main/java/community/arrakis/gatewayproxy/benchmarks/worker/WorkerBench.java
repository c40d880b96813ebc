package community.arrakis.gatewayproxy.benchmarks.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.benchmarks.BenchSandbox;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.ingestor.IngestorMetrics;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The whole worker path in one JVM for the worker benchmarks: the Discord simulator (REST limits
 * generous, not off: off still advertises 5 remaining per bucket), a real {@link Ingestor} holding
 * the gateway session and publishing to RabbitMQ, and workers answering through the simulator's REST
 * API with state in Redis. Every name is under a prefix of its own and removed on {@link #close()}.
 * Settings: {@code -Damqp.url}, {@code -Dredis.url} (else RABBITMQ_URL, REDIS_URL, then the local
 * defaults).
 */
final class WorkerBench implements AutoCloseable {

    static final String AMQP_URL = BenchSandbox.AMQP_URL;
    static final String REDIS_URL = BenchSandbox.REDIS_URL;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final DiscordSimulator simulator;
    final String topologyPrefix;
    final Topology topology;
    final String redisPrefix;
    final Ingestor ingestor;
    private final BenchSandbox sandbox;
    private final Connection admin;
    private final List<Worker> workers = new ArrayList<>();

    /** @param heartbeatInterval the gateway's heartbeat interval (Discord's is 41.25 s) */
    WorkerBench(String name, Duration heartbeatInterval) throws Exception {
        this(name, heartbeatInterval, new WorldSpec(10, 10, 1));
    }

    /** @param world the simulated guilds (more guilds spread guild events over more partitions) */
    WorkerBench(String name, Duration heartbeatInterval, WorldSpec world) throws Exception {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults()
                .withPort(0)
                .withRecordDispatches(false)
                .withHeartbeatInterval(heartbeatInterval)
                .withWorld(world)
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(1_000_000, Duration.ofSeconds(1))
                        .withGlobalPerSecond(1_000_000)));
        sandbox = new BenchSandbox(name);
        topologyPrefix = sandbox.topologyPrefix();
        topology = sandbox.topology();
        redisPrefix = sandbox.redisPrefix();
        admin = BrokerConnections.connect(AMQP_URL, "bench-" + name);
        sandbox.declare(admin);
        ingestor = new Ingestor(IngestorConfig.builder().botToken(simulator.config().botToken())
                .apiBaseUrl(simulator.apiBaseUrl())
                .amqpUrl(AMQP_URL).topology(topology)
                .redisUrl(REDIS_URL).redisKeyPrefix(redisPrefix + "ing:")
                .opsPort(0).build()).start();
        await(ingestor::isReady, Duration.ofSeconds(30), "the ingestor's shard to be READY");
    }

    WorkerConfig workerConfig(String workerId) {
        return WorkerConfig.builder().amqpUrl(AMQP_URL).redisUrl(REDIS_URL).apiBaseUrl(simulator.apiBaseUrl())
                .topology(topology).redisKeyPrefix(redisPrefix).workerId(workerId)
                .botToken(simulator.config().botToken()).build();
    }

    Worker startWorker(WorkerConfig config, Handlers handlers) throws IOException {
        Worker worker = Worker.start(config, handlers, new SimpleMeterRegistry());
        workers.add(worker);
        return worker;
    }

    /** The ingestor's heartbeat round trip (the largest over its shards), if one was measured yet. */
    OptionalDouble heartbeatRttMillis() {
        return ingestor.registry().find(IngestorMetrics.HEARTBEAT_RTT).gauges().stream()
                .mapToDouble(Gauge::value).filter(v -> !Double.isNaN(v)).map(v -> v * 1000).max();
    }

    /** Shards READY according to the ingestor's gauge. */
    int shardsReady() {
        return (int) ingestor.registry().find(IngestorMetrics.SHARD_READY).gauges().stream()
                .mapToDouble(Gauge::value).filter(v -> v >= 1).count();
    }

    long reconnects() {
        return (long) ingestor.registry().find(IngestorMetrics.RECONNECTS).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /** Writes {@code result} to {@code bench-results/worker-<name>-<utc time>.json}; returns the file. */
    static File writeJson(String name, Map<String, Object> result) throws IOException {
        File dir = new File(System.getProperty("bench.results", "bench-results"));
        dir.mkdirs();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        File file = new File(dir, "worker-" + name + "-" + stamp + ".json");
        JSON.writeValue(file, result);
        return file;
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    @Override
    public void close() throws Exception {
        workers.forEach(Worker::close);
        ingestor.close();
        try {
            sandbox.close();
        } finally {
            admin.close();
            simulator.close();
        }
    }
}
