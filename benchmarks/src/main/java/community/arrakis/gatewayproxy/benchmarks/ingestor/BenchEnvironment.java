package community.arrakis.gatewayproxy.benchmarks.ingestor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import community.arrakis.gatewayproxy.benchmarks.BenchSandbox;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.ingestor.ShardRange;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.User;
import community.arrakis.gatewayproxy.simulator.json.EventPayloads;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/**
 * What every ingestor benchmark runs against: the simulator in this JVM (no dispatch recording,
 * no REST rate limits), a RabbitMQ topology and a Redis key prefix of its own, deleted at the end,
 * and a consumer draining every queue so the broker never backs up (auto-ack, like PerfTest's, but
 * counting on its connection's thread, so the load generator takes as little CPU as it can).
 * Settings come from system properties with named defaults ({@code -Damqp.url}, {@code -Dredis.url},
 * {@code -Dcompression}).
 */
final class BenchEnvironment implements AutoCloseable {

    static final String AMQP_URL = BenchSandbox.AMQP_URL;
    static final String REDIS_URL = BenchSandbox.REDIS_URL;
    /**
     * {@code -Dcompression=zstd-stream|none} changes the gateway's transport compression (zlib-stream,
     * as in production, by default); {@code -Dzlib=false} is the older spelling of {@code none}.
     */
    static final TransportCompression COMPRESSION = TransportCompression.parse(System.getProperty("compression",
            Boolean.parseBoolean(System.getProperty("zlib", "true")) ? "zlib-stream" : "none"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final DiscordSimulator discord;
    final String topologyPrefix;
    final Topology topology;
    final String redisPrefix;
    private final BenchSandbox sandbox;
    final AtomicLong drained = new AtomicLong();
    final AtomicLong drainedBytes = new AtomicLong();
    private final Connection admin;
    private static final int USERS = 1_000;
    private final List<MemberEvent> memberEvents;
    private long next;

    BenchEnvironment(String name, int shards) throws Exception {
        this(name, shards, Math.max(4, shards));
    }

    /** With {@code guilds} guilds in the world, spread evenly over the shards (guild i is on shard i % shards). */
    BenchEnvironment(String name, int shards, int guilds) throws Exception {
        discord = DiscordSimulator.start(SimulatorConfig.defaults()
                .withRecordDispatches(false)
                .withRateLimits(RateLimitConfig.disabled())
                .withRecommendedShards(shards)
                .withMaxConcurrency(shards)
                .withWorld(new WorldSpec(guilds, 5, 1)));
        memberEvents = renderMemberEvents(discord.world().guilds());
        sandbox = new BenchSandbox(name);
        topologyPrefix = sandbox.topologyPrefix();
        topology = sandbox.topology();
        redisPrefix = sandbox.redisPrefix();
        // deliveries are counted on the connection's own thread: handing each one to a consumer pool
        // thread (the client's default) costs the load generator a thread switch per delivery batch
        admin = BrokerConnections.factory(AMQP_URL).newConnection(new CallerThreadExecutor(), "bench-" + name + "-drain");
        sandbox.declare(admin);
        Channel consumer = admin.createChannel();
        consumer.basicQos(2_000);
        for (String queue : topology.queues()) {
            consumer.basicConsume(queue, true, new DefaultConsumer(consumer) {
                @Override
                public void handleDelivery(String tag, com.rabbitmq.client.Envelope envelope, AMQP.BasicProperties props,
                                           byte[] body) {
                    drained.incrementAndGet();
                    drainedBytes.addAndGet(body.length);
                }
            });
        }
    }

    /** Runs every task at once on the thread that submits it. */
    private static final class CallerThreadExecutor extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return shutdown;
        }
    }

    /** Every shard of the simulator's bot, ops on a free port, the given buffer bound. */
    IngestorConfig ingestorConfig(int shards) {
        return IngestorConfig.builder().botToken(discord.config().botToken())
                .apiBaseUrl(discord.apiBaseUrl())
                .amqpUrl(AMQP_URL).topology(topology)
                .redisUrl(REDIS_URL).redisKeyPrefix(redisPrefix)
                .shards(new ShardRange(0, shards - 1)).totalShards(shards)
                .compression(COMPRESSION)
                .opsPort(0).build();
    }

    /**
     * One member join or leave (in turn), round-robin over every guild and {@value #USERS} users.
     * The payloads are the simulator's own, rendered once: the load generator shares the CPU with
     * the ingestor, so it must cost as little per event as PerfTest's pre-built body does.
     */
    void emitMemberEvent() {
        int n = (int) (next++ % memberEvents.size());
        MemberEvent event = memberEvents.get(n);
        discord.emitDispatch(event.type(), event.guildId(), event.userId(), event.data());
    }

    private static List<MemberEvent> renderMemberEvents(List<Guild> guilds) {
        List<MemberEvent> events = new java.util.ArrayList<>();
        Instant joinedAt = Instant.parse("2026-11-01T12:00:00Z");
        for (int u = 0; u < USERS; u++) {
            Guild guild = guilds.get(u % guilds.size());
            User user = new User(Long.toString(9_000_000_000L + u), "bench-user-" + u, null, false);
            Member member = new Member(user, List.of(), null, joinedAt);
            events.add(new MemberEvent("GUILD_MEMBER_ADD", guild.id(), user.id(),
                    Json.write(EventPayloads.memberAdd(guild, member))));
            events.add(new MemberEvent("GUILD_MEMBER_REMOVE", guild.id(), user.id(),
                    Json.write(EventPayloads.memberRemove(guild, user))));
        }
        return List.copyOf(events);
    }

    private record MemberEvent(String type, String guildId, String userId, String data) {
    }

    /** Emits at {@code perSecond} for {@code duration}, paced by schedule; returns how many. */
    long emitAtRate(int perSecond, Duration duration) {
        long start = System.nanoTime();
        long total = (long) (perSecond * (duration.toNanos() / 1e9));
        long emitted = 0;
        while (emitted < total) {
            long due = Math.min(total, (long) (perSecond * ((System.nanoTime() - start) / 1e9)));
            while (emitted < due) {
                emitMemberEvent();
                emitted++;
            }
            LockSupport.parkNanos(200_000);
        }
        return emitted;
    }

    /** Deletes an exchange a PerfTest run declared. */
    void deleteExchange(String exchange) throws IOException {
        try (com.rabbitmq.client.Channel channel = admin.createChannel()) {
            channel.exchangeDelete(exchange);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("closing the channel that deleted " + exchange + " timed out", e);
        }
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        await(condition, timeout, () -> what);
    }

    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what.get());
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** Writes {@code result} to {@code bench-results/ingestor-<name>-<utc time>.json}; returns the file. */
    static File writeJson(String name, Map<String, Object> result) throws IOException {
        File dir = new File(System.getProperty("bench.results", "bench-results"));
        dir.mkdirs();
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        File file = new File(dir, "ingestor-" + name + "-" + stamp + ".json");
        JSON.writeValue(file, result);
        return file;
    }

    /** The middle value (the mean of the two middle ones for an even count); NaN sorts last. */
    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The JVM this one runs on, for child processes. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    @Override
    public void close() throws Exception {
        discord.close();
        try {
            sandbox.close();
        } finally {
            admin.close();
        }
    }
}
