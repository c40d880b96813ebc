package community.arrakis.gatewayproxy.ingestor;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.broker.PublisherListener;
import community.arrakis.gatewayproxy.broker.QueueDepths;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.broker.WriteBatching;
import community.arrakis.gatewayproxy.common.Redaction;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.NettyWebSocketTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.ReadBatchHook;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.GatewayBot;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.ops.HealthCheck;
import community.arrakis.gatewayproxy.ops.ProcessMetrics;
import community.arrakis.gatewayproxy.ops.ProcessRole;
import community.arrakis.gatewayproxy.ops.Sleeper;
import community.arrakis.gatewayproxy.ops.status.StatusSource;
import community.arrakis.gatewayproxy.redis.FailFastRedisClient;
import community.arrakis.gatewayproxy.redis.RedisCalls;
import community.arrakis.gatewayproxy.redis.RedisUnreachableException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingestor process: the shards of its range, the one confirming publisher (one channel) they
 * all share, checkpoints and identify slots in Redis, and what its ops endpoints show: the
 * {@link #registry()}, the {@link #healthChecks()} and the {@link #status()} page. The endpoints
 * themselves are opened by {@code app}, as for every process.
 *
 * <p>Start-up, in order: ask Discord for the gateway URL, shard count and identify budget; connect to
 * RabbitMQ and declare the topology (so no early event is unroutable); connect to Redis; start every
 * shard on a thread of its own (resumers at once, identifiers as their bucket's slot comes up).
 *
 * <p>Redis is needed at start only. Afterwards an outage stops no shard: checkpoints are held in
 * memory and written when Redis answers again, and only a shard that must identify waits for it
 * ({@link RedisAvailability}, {@link CheckpointWriter}, {@link RedisHealthCheck}).
 *
 * <p>{@link #close()} is the graceful stop (SIGTERM): stop reading every shard and close its socket
 * with a resumable code, wait for the broker to confirm what is outstanding, write the final
 * checkpoints, then close the connections. A replacement process resumes every session.
 */
public final class Ingestor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ingestor.class);
    /** How often the identify budget checks whether its reset time has passed. */
    private static final Duration BUDGET_CHECK_INTERVAL = Duration.ofSeconds(30);
    private static final Executor STARTUP = command -> Thread.ofVirtual().name("ingestor-start").start(command);

    private final IngestorConfig config;
    private final PrometheusMeterRegistry registry;
    private final IngestorMetrics metrics;
    private final Clock clock;
    /** Measures start-up and the shutdown deadline; with {@link #sleeper}, replaceable by tests ({@link #withTime}). */
    private LongSupplier nanoTime = System::nanoTime;
    /** Waits between attempts to reach RabbitMQ and Redis at start. */
    private Sleeper sleeper = Sleeper.SYSTEM;
    private final List<ShardSupervisor> supervisors = new ArrayList<>();
    /** Every shard's events go out on this one channel (see {@link ShardPublisher} for why). */
    private ConfirmingPublisher publisher;
    /** Null unless --defer-unconfirmed-interactions. */
    private InteractionDeferrer deferrer;
    private final List<Thread> starters = new ArrayList<>();
    private ScheduledExecutorService scheduler;
    /** Checkpoint writes have a thread of their own: a Redis that hangs must not delay the watchdog. */
    private ScheduledExecutorService checkpointScheduler;
    private Connection broker;
    private FailFastRedisClient redisClient;
    private StatefulRedisConnection<String, String> redis;
    private RedisAvailability redisAvailability;
    private SessionCheckpointStore checkpoints;
    private IdentifyBudget budget;
    private volatile Map<String, HealthCheck> healthChecks;
    private volatile IngestorStatus status;
    private ShardRange range;
    private int shardCount;
    private volatile boolean closed;
    private Supplier<GatewayBot> gatewayBotSource;
    private GatewayBot gateway;
    private GatewayTransport transport;
    /** The transport this ingestor made (rather than one a test passed in), closed with it. */
    private GatewayTransport ownedTransport;
    /** Gathers the broker writes of one pass over the gateway sockets into one (see {@link WriteBatching}). */
    private final WriteBatching brokerWrites = new WriteBatching();
    private Duration identifyWindow = RedisIdentifyLimiter.DEFAULT_WINDOW;
    private StartupRetry.AttemptListener startAttempts = StartupRetry.AttemptListener.NONE;

    public Ingestor(IngestorConfig config) {
        this(config, ProcessMetrics.bindTo(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), ProcessRole.INGESTOR),
                Clock.systemUTC());
    }

    public Ingestor(IngestorConfig config, PrometheusMeterRegistry registry, Clock clock) {
        this.config = config;
        this.registry = registry;
        this.metrics = new IngestorMetrics(registry);
        this.clock = clock;
        this.gatewayBotSource = this::fetchGatewayBot;
    }

    /**
     * Replaces Discord's {@code GET /gateway/bot} and the WebSocket transport; for tests that play
     * Discord's part themselves.
     */
    Ingestor withGateway(Supplier<GatewayBot> source, GatewayTransport gatewayTransport) {
        this.gatewayBotSource = source;
        this.transport = gatewayTransport;
        return this;
    }

    /**
     * Shortens the identify window below Discord's 5 s; only useful against a simulator started with
     * the same shorter window, so tests of new sessions do not each wait 5 s for a slot.
     */
    Ingestor withIdentifyWindow(Duration window) {
        this.identifyWindow = window;
        return this;
    }

    /** Told about every failed attempt to reach RabbitMQ or Redis at start (tests count them). */
    Ingestor withStartAttemptListener(StartupRetry.AttemptListener listener) {
        this.startAttempts = listener;
        return this;
    }

    /** Runs start-up retries and deadlines on {@code nanoTime} and {@code sleeper} instead of the real time. */
    Ingestor withTime(LongSupplier monotonicNanos, Sleeper waits) {
        this.nanoTime = monotonicNanos;
        this.sleeper = waits;
        return this;
    }

    private GatewayBot fetchGatewayBot() {
        try (DiscordRestClient rest = DiscordRestClient.builder(config.apiBaseUrl()).botToken(config.botToken()).build()) {
            return rest.gatewayBot();
        }
    }

    /**
     * Starts everything and returns once every shard is starting (not once they are READY: see
     * {@code /health/ready}).
     *
     * @throws IOException when RabbitMQ or Redis cannot be reached within
     *                     {@link IngestorConfig#startRetryTimeout()} (every failed attempt is logged),
     *                     or the topology cannot be declared
     */
    public synchronized Ingestor start() throws IOException {
        log.info("ingestor starting: {}", config);
        connectAll();
        GatewayBot gateway = this.gateway;
        shardCount = config.totalShards() > 0 ? config.totalShards() : gateway.shards();
        range = config.shards() != null ? config.shards() : new ShardRange(0, shardCount - 1);
        if (range.last() >= shardCount) {
            close();
            throw new IllegalArgumentException("--shards " + range + " does not fit in the bot's " + shardCount
                    + " shards (" + (config.totalShards() > 0 ? "--total-shards" : "Discord's recommendation") + ")");
        }
        GatewayBot.SessionStartLimit limit = gateway.sessionStartLimit();
        budget = new IdentifyBudget(limit.total(), limit.remaining(), limit.resetAfterMillis(),
                config.identifyBudgetReserve(), clock);
        metrics.gauge(IngestorMetrics.IDENTIFY_BUDGET_REMAINING, budget::remaining);
        log.info("gateway {}: shards {} of {}, max_concurrency {}, identify budget {}/{}", gateway.url(), range,
                shardCount, limit.maxConcurrency(), limit.remaining(), limit.total());

        redisAvailability = new RedisAvailability(Redaction.redact(config.redisUrl()), clock);
        redisClient.onConnectionLost(() -> redisAvailability.unreachable("connection lost"));
        metrics.gauge(IngestorMetrics.REDIS_REACHABLE, () -> redisAvailability.isReachable() ? 1 : 0);
        checkpoints = new RedisSessionCheckpointStore(redis, config.redisKeyPrefix());
        RedisIdentifyLimiter limiter = new RedisIdentifyLimiter(redis, config.redisKeyPrefix(),
                Math.max(1, limit.maxConcurrency()), identifyWindow);

        if (transport == null) {
            // One transport for every shard: its event-loop thread serves all the sockets and runs
            // the dispatch path itself, since a hand-off per read cost more CPU than the dispatch.
            // That is safe because the dispatch path never waits: the publisher holds messages
            // rather than block on the broker (even under connection.blocked) nor for another
            // thread's resend; identify waits and session checkpoints run elsewhere. The broker
            // writes of the dispatches one pass over the sockets read leave in one write at the pass's end.
            ownedTransport = new NettyWebSocketTransport(GatewayTransport.DEFAULT_MAX_MESSAGE_BYTES,
                    GatewayTransport.DEFAULT_CONNECT_TIMEOUT, 1,
                    ReadBatchHook.of(brokerWrites::begin, brokerWrites::end));
            transport = ownedTransport;
        }
        EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(config.messageEvents()));
        publisher = new ConfirmingPublisher(broker, config.topology(), "shards " + range, publisherListener());
        InteractionWatch interactions = InteractionWatch.OFF;
        if (config.deferUnconfirmedInteractions()) {
            deferrer = new InteractionDeferrer(DiscordRestClient.builder(config.apiBaseUrl()).botToken(config.botToken())
                    .build(), publisher, Executors.newSingleThreadScheduledExecutor(
                            Thread.ofPlatform().daemon().name("interaction-deferrer").factory()), metrics, clock);
            interactions = deferrer;
            log.info("interactions the broker has not confirmed {} ms after their creation are deferred from here",
                    InteractionDeferrer.DEFER_AT.toMillis());
        }
        for (int shardId = range.first(); shardId <= range.last(); shardId++) {
            ShardPublisher shardPublisher = new ShardPublisher(shardId, publisher);
            DispatchForwarder forwarder = new DispatchForwarder(shardId, shardPublisher, factory, config::forwards,
                    metrics, interactions);
            supervisors.add(new ShardSupervisor(shardId, shardCount, gateway.url(), config, forwarder, shardPublisher,
                    checkpoints, limiter, redisAvailability, budget, metrics, clock, transport));
        }

        metrics.gauge(IngestorMetrics.BROKER_CONNECTED, () -> broker.isOpen() ? 1 : 0);
        metrics.gauge(IngestorMetrics.BROKER_WRITABLE, () -> brokerWritable() ? 1 : 0);
        healthChecks = Collections.unmodifiableMap(buildHealthChecks());
        status = new IngestorStatus("shards " + range + " of " + shardCount, List.copyOf(supervisors), broker, publisher,
                config.maxBufferedPerShard(), redisAvailability, budget, metrics,
                new QueueDepths(broker, config.topology().queues(), clock), config.topology(), clock);

        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ingestor-jobs").factory());
        checkpointScheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("ingestor-checkpoints").factory());
        long interval = config.checkpointInterval().toMillis();
        checkpointScheduler.scheduleWithFixedDelay(new CheckpointWriter(supervisors, redisAvailability,
                () -> RedisCalls.call(() -> redis.sync().ping())), interval, interval, TimeUnit.MILLISECONDS);
        long watch = Math.max(100, Math.min(5_000, config.silentShardThreshold().toMillis() / 4));
        scheduler.scheduleWithFixedDelay(new ShardWatchdog(supervisors, config.silentShardThreshold()), watch, watch,
                TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(new IdentifyBudgetRefresher(budget, gatewayBotSource),
                BUDGET_CHECK_INTERVAL.toMillis(), BUDGET_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);

        for (ShardSupervisor supervisor : supervisors) {
            starters.add(Thread.ofVirtual().name("start-shard-" + supervisor.shardId()).start(() -> {
                try {
                    supervisor.start();
                } catch (RuntimeException e) {
                    log.error("shard {} could not start", supervisor.shardId(), e);
                }
            }));
        }
        return this;
    }

    /**
     * The three round trips a start needs, at once rather than one after the other (each costs a
     * few hundred milliseconds in a fresh JVM, and a restarted ingestor is not forwarding anything
     * meanwhile): Discord's {@code GET /gateway/bot}, RabbitMQ (topology, then the publishing
     * connection) and Redis. If one fails, what the others opened is closed again.
     */
    private void connectAll() throws IOException {
        long started = nanoTime.getAsLong();
        long[] tookMillis = new long[3];
        CompletableFuture<GatewayBot> gatewayStep = CompletableFuture.supplyAsync(() -> {
            GatewayBot bot = gatewayBotSource.get();
            tookMillis[0] = (nanoTime.getAsLong() - started) / 1_000_000;
            return bot;
        }, STARTUP);
        CompletableFuture<Connection> brokerStep = CompletableFuture.supplyAsync(() -> {
            try {
                Connection connection = StartupRetry.untilReady("RabbitMQ at " + Redaction.redact(config.amqpUrl()),
                        config.startRetryTimeout(), () -> {
                            declareTopology();
                            return BrokerConnections.connect(config.amqpUrl(), "arrakis-ingestor shards "
                                    + (config.shards() == null ? "all" : config.shards()), brokerWrites);
                        }, Ingestor::brokerUnreachable, startAttempts, nanoTime, sleeper);
                tookMillis[1] = (nanoTime.getAsLong() - started) / 1_000_000;
                return connection;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, STARTUP);
        CompletableFuture<StatefulRedisConnection<String, String>> redisStep = CompletableFuture.supplyAsync(() -> {
            try {
                redisClient = new FailFastRedisClient(config.redisUrl());
                StatefulRedisConnection<String, String> connection = StartupRetry.untilReady(
                        "Redis at " + Redaction.redact(config.redisUrl()), config.startRetryTimeout(), redisClient::connect,
                        e -> true, startAttempts, nanoTime, sleeper);
                tookMillis[2] = (nanoTime.getAsLong() - started) / 1_000_000;
                return connection;
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, STARTUP);
        try {
            CompletableFuture.allOf(gatewayStep, brokerStep, redisStep).join();
        } catch (CompletionException e) {
            broker = brokerStep.isCompletedExceptionally() ? null : brokerStep.exceptionally(t -> null).join();
            redis = redisStep.isCompletedExceptionally() ? null : redisStep.exceptionally(t -> null).join();
            close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
        gateway = gatewayStep.join();
        broker = brokerStep.join();
        redis = redisStep.join();
        log.info("connected in {} ms: Discord /gateway/bot {} ms, RabbitMQ (topology and connection) {} ms, Redis {} ms",
                (nanoTime.getAsLong() - started) / 1_000_000, tookMillis[0], tookMillis[1], tookMillis[2]);
    }

    /**
     * Declares on a connection of its own, without automatic recovery: the objects are durable, and
     * a recovering connection would try to re-declare them later on the long-closed declaring
     * channel, logging errors on every broker outage.
     */
    private void declareTopology() throws IOException {
        com.rabbitmq.client.ConnectionFactory factory = BrokerConnections.factory(config.amqpUrl());
        factory.setAutomaticRecoveryEnabled(false);
        try (Connection declaring = factory.newConnection(BrokerConnections.addresses(config.amqpUrl()), "arrakis-ingestor topology");
             Channel channel = declaring.createChannel()) {
            new TopologyDeclarer(config.topology(), config.queueType()).declare(channel);
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + Redaction.redact(config.amqpUrl()) + " did not answer in time", e);
        }
    }

    /**
     * Whether a failed broker step may succeed later: the broker is down or starting. A channel
     * error (the broker refused a declaration: the topology contradicts what exists) will not.
     */
    private static boolean brokerUnreachable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof com.rabbitmq.client.ShutdownSignalException signal && !signal.isHardError()) {
                return false;
            }
        }
        return true;
    }

    /** Every meter of this ingestor, for {@code GET /metrics}. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public ShardRange shards() {
        return range;
    }

    public int shardCount() {
        return shardCount;
    }

    /** The status of one owned shard. */
    public ShardStatus shardStatus(int shardId) {
        return supervisor(shardId).status();
    }

    /** Why an owned shard stopped by itself (a fatal close code such as 4004), or null while it has not. */
    public String shardStoppedBecause(int shardId) {
        return supervisor(shardId).stoppedBecause();
    }

    /** Whether every owned shard is READY and every publisher can write: what {@code /health/ready} says. */
    public boolean isReady() {
        return brokerWritable() && supervisors.stream().allMatch(ShardSupervisor::isReady);
    }

    /** Graceful stop; see the class comment. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("ingestor stopping: closing shards resumably, flushing confirms, checkpointing");
        starters.forEach(Thread::interrupt);
        List<Thread> stopping = new ArrayList<>();
        for (ShardSupervisor supervisor : supervisors) {
            stopping.add(Thread.ofVirtual().start(supervisor::stop));
        }
        for (Thread thread : stopping) {
            joinQuietly(thread);
        }
        long deadline = nanoTime.getAsLong() + config.shutdownTimeout().toNanos();
        if (publisher != null) {
            try {
                long left = Math.max(0, deadline - nanoTime.getAsLong());
                if (!publisher.flush(Duration.ofNanos(left))) {
                    log.warn("{} events were still unconfirmed at shutdown; Discord will replay them to the next ingestor",
                            publisher.buffered());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        stopJobs(scheduler);
        if (deferrer != null) {
            deferrer.close();
        }
        // let a checkpoint write in progress finish rather than interrupt it halfway
        stopJobs(checkpointScheduler);
        writeFinalCheckpoints();
        if (redisAvailability != null) {
            redisAvailability.stop();
        }
        if (publisher != null) {
            publisher.close();
        }
        closeQuietly(() -> {
            if (broker != null) {
                broker.close();
            }
        });
        closeQuietly(() -> {
            if (redis != null) {
                redis.close();
            }
        });
        closeQuietly(() -> {
            if (redisClient != null) {
                redisClient.close();
            }
        });
        if (ownedTransport != null) {
            ownedTransport.close();
        }
        log.info("ingestor stopped");
    }

    private static void stopJobs(ScheduledExecutorService jobs) {
        if (jobs == null) {
            return;
        }
        jobs.shutdown();
        try {
            if (!jobs.awaitTermination(1, TimeUnit.SECONDS)) {
                jobs.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            jobs.shutdownNow();
        }
    }

    /**
     * Every shard's checkpoint, rewritten even if unchanged (Redis may have come back empty since
     * the last tick). With Redis unreachable the first failure ends it, so a Redis that hangs costs
     * one command timeout, not one per shard, and the shards it left out are named in one line.
     */
    private void writeFinalCheckpoints() {
        List<Integer> unwritten = new ArrayList<>();
        String why = null;
        for (ShardSupervisor supervisor : supervisors) {
            if (why != null) {
                unwritten.add(supervisor.shardId());
                continue;
            }
            try {
                supervisor.rewriteCheckpoint();
            } catch (RedisUnreachableException e) {
                why = e.getMessage();
                unwritten.add(supervisor.shardId());
            } catch (RuntimeException e) {
                log.error("could not write the final checkpoint of shard {}; a restart will replay more", supervisor.shardId(), e);
            }
        }
        if (!unwritten.isEmpty()) {
            log.warn("Redis at {} is unreachable at shutdown ({}): the final checkpoints of shards {} are not written; "
                    + "the next start resumes them from older checkpoints (a longer replay) or identifies",
                    Redaction.redact(config.redisUrl()), why, unwritten);
        }
    }

    /**
     * What {@code GET /health/ready} checks, by name in the order the body lists them: {@code broker},
     * {@code redis}, {@code identify-budget}, then {@code shard-<id>} for each owned shard.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public Map<String, HealthCheck> healthChecks() {
        if (healthChecks == null) {
            throw new IllegalStateException("the ingestor has not started");
        }
        return healthChecks;
    }

    /**
     * What its status page shows: shards, RabbitMQ, Redis, Discord, publishing rates, queue depths.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public StatusSource status() {
        if (status == null) {
            throw new IllegalStateException("the ingestor has not started");
        }
        return status;
    }

    private Map<String, HealthCheck> buildHealthChecks() {
        Map<String, HealthCheck> checks = new LinkedHashMap<>();
        checks.put("broker", () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("connection", broker.isOpen() ? "open" : "closed");
            details.put("writable", brokerWritable());
            details.put("buffered", publisher.buffered());
            return new HealthCheck.Result(brokerWritable(), details);
        });
        checks.put("redis", new RedisHealthCheck(redisAvailability, supervisors, clock));
        checks.put("identify-budget", () -> HealthCheck.Result.up(budget.describe()));
        for (ShardSupervisor supervisor : supervisors) {
            checks.put("shard-" + supervisor.shardId(), supervisor::health);
        }
        return checks;
    }

    private boolean brokerWritable() {
        return broker != null && broker.isOpen() && publisher != null && publisher.isWritable();
    }

    private ShardSupervisor supervisor(int shardId) {
        return supervisors.stream().filter(s -> s.shardId() == shardId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("shard " + shardId + " is not owned by this ingestor ("
                        + range + ")"));
    }

    private PublisherListener publisherListener() {
        return new PublisherListener() {
            @Override
            public void republished(String messageId, int shardId, String why) {
                metrics.republished(shardId);
            }
        };
    }

    private interface Closer {
        void close() throws Exception;
    }

    private static void closeQuietly(Closer closer) {
        try {
            closer.close();
        } catch (Exception e) {
            log.debug("ignoring a failure while closing: {}", e.toString());
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
