package community.arrakis.gatewayproxy.worker;

import community.arrakis.gatewayproxy.broker.QueueDepths;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.broker.consume.ConsumingConnection;
import community.arrakis.gatewayproxy.broker.consume.ManualAckConsumer;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.worker.amqp.DeliveryRunner;
import community.arrakis.gatewayproxy.worker.dispatch.EventDispatcher;
import community.arrakis.gatewayproxy.worker.dispatch.InteractionTransport;
import community.arrakis.gatewayproxy.worker.dispatch.LaneScheduler;
import community.arrakis.gatewayproxy.worker.dispatch.RestInteractionTransport;
import community.arrakis.gatewayproxy.worker.dispatch.TimerThread;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import community.arrakis.gatewayproxy.worker.ratelimit.FallbackRateLimitStore;
import community.arrakis.gatewayproxy.worker.ratelimit.InteractionBucketBypass;
import community.arrakis.gatewayproxy.worker.ratelimit.RedisRateLimitStore;
import community.arrakis.gatewayproxy.worker.state.RedisStateStore;
import community.arrakis.gatewayproxy.worker.state.StateUnavailableException;
import community.arrakis.gatewayproxy.worker.state.StoreAvailability;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: consumes the interactions queue and every guild partition queue, runs the handlers, answers through
 * Discord's REST API, keeps state in Redis.
 *
 * <p>Start-up, in order: Redis (state, ledger, heartbeat), the REST clients (sharing the
 * {@link RedisRateLimitStore}, with local limits to fall back on while Redis is unusable: handlers'
 * calls wait up to a minute for a rate limit, interaction answers at most {@link
 * WorkerConfig#INTERACTION_MAX_RATE_LIMIT_WAIT}), the dispatcher and the scheduler, RabbitMQ
 * (declare the topology, open the dead-letter publisher, consume both queues).
 *
 * <p>While Redis is unusable ({@link StoreAvailability}), the interactions consumer is paused and
 * readiness names Redis; guild events already received wait in their lanes; everything resumes by
 * itself when a probe write succeeds (see {@link DeliveryRunner} for what happens to each delivery).
 *
 * <p>{@link #close()} runs it backwards and gracefully: stop consuming and give back every delivery
 * whose handler has not started (interactions at once, guild events when their channel closes, so a
 * guild's order holds), let running handlers finish within the grace period, close the channels
 * (unacknowledged deliveries go back to their queue), give up the heartbeat so other workers take
 * over at once, close Redis.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
    /** How often an unusable Redis is probed: with Lettuce's reconnect delay capped at 400 ms, work resumes within ~0.5 s. */
    public static final Duration REDIS_PROBE_EVERY = Duration.ofMillis(100);

    /** One line of readiness: whether a part is ready, and in plain words what it is doing. */
    public record Check(boolean ready, String detail) {
    }

    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final RedisStateStore redis;
    private final StoreAvailability redisAvailability;
    private final FallbackRateLimitStore rateLimits;
    private final ScheduledExecutorService timers;
    private final LaneScheduler scheduler;
    private final ConsumingConnection broker;
    private final List<ManualAckConsumer> consumers;
    /** Null unless the pre-partition guild queue existed at start. */
    private final LegacyGuildQueueDrain legacy;
    private final QueueDepths queueDepths;
    private final List<AutoCloseable> owned;
    private final AtomicBoolean closed;
    private final MigrationHooks migration;

    private Worker(WorkerConfig config, WorkerMetrics metrics, RedisStateStore redis, StoreAvailability redisAvailability,
                   FallbackRateLimitStore rateLimits, ScheduledExecutorService timers, LaneScheduler scheduler,
                    ConsumingConnection broker, List<ManualAckConsumer> consumers, LegacyGuildQueueDrain legacy,
                    List<AutoCloseable> owned, AtomicBoolean closed, MigrationHooks migration) {
        this.migration = migration;
        this.config = config;
        this.metrics = metrics;
        this.redis = redis;
        this.redisAvailability = redisAvailability;
        this.rateLimits = rateLimits;
        this.timers = timers;
        this.scheduler = scheduler;
        this.broker = broker;
        this.consumers = List.copyOf(consumers);
        this.legacy = legacy;
        this.queueDepths = broker.queueDepths(config.topology().queues(), Clock.systemUTC());
        this.owned = List.copyOf(owned);
        this.closed = closed;
    }

    /**
     * Starts a worker with a REST client built from the config.
     *
     * @param registry where the worker's meters go (the Prometheus registry the ops endpoint scrapes)
     */
    public static Worker start(WorkerConfig config, Handlers handlers, MeterRegistry registry) throws IOException {
        return start(config, handlers, registry, MigrationHooks.NONE);
    }

    /**
     * As {@link #start(WorkerConfig, Handlers, MeterRegistry)}, as one side of a migration: only the
     * events {@code migration} admits run, and every Discord write passes its tap (recorded, or for
     * a shadow worker recorded instead of sent). docs/migration.md.
     */
    public static Worker start(WorkerConfig config, Handlers handlers, MeterRegistry registry, MigrationHooks migration)
            throws IOException {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            // One rate-limit state for every worker of the bot, one connection pool for both clients.
            RedisRateLimitStore shared = RedisRateLimitStore.connect(config.redisUrl(), config.redisKeyPrefix());
            owned.add(shared);
            FallbackRateLimitStore limits = new FallbackRateLimitStore(shared, Clock.systemUTC());
            // The client's own work (response headers, body, completing the caller's future) runs on
            // its selector thread instead of hopping to a pool and back: handlers call send() from
            // virtual threads and the bodies are small strings. On two cores the thread switch cost
            // more than the work around it (scripts/bench/pipeline-load.sh; docs/benchmarks.md).
            HttpClient.Builder httpBuilder = HttpClient.newBuilder()
                    .connectTimeout(DiscordRestClient.Builder.DEFAULT_REQUEST_TIMEOUT)
                    .executor(Runnable::run);
            if ("http".equals(config.apiBaseUrl().getScheme())) {
                httpBuilder.version(HttpClient.Version.HTTP_1_1); // as the REST client's own: no h2c upgrade
            }
            HttpClient http = httpBuilder.build();
            owned.add(http);
            WorkerMetrics metrics = new WorkerMetrics(registry);
            DiscordRestClient rest = restClient(config, limits, http, metrics).writeTap(migration.writes()).build();
            owned.add(rest);
            // Answers have Discord's 3 s clock: better to fail fast (and be counted) than answer late.
            DiscordRestClient answers = restClient(config, limits, http, metrics).writeTap(migration.writes())
                    .maxRateLimitWait(WorkerConfig.INTERACTION_MAX_RATE_LIMIT_WAIT).build();
            owned.add(answers);
            metrics.rateLimitsLocalGauge(limits::fallingBack);
            return start(config, handlers, metrics, rest, new RestInteractionTransport(answers, metrics), limits, owned,
                    migration);
        } catch (IOException | RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    private static DiscordRestClient.Builder restClient(WorkerConfig config, FallbackRateLimitStore limits, HttpClient http,
                                                        WorkerMetrics metrics) {
        DiscordRestClient.Builder builder = DiscordRestClient.builder(config.apiBaseUrl())
                .rateLimitStore(new InteractionBucketBypass(limits)).httpClient(http)
                .responseListener((route, status) -> metrics.restResponse(route.key(), status));
        if (config.botToken() != null) {
            builder.botToken(config.botToken());
        }
        return builder;
    }

    private static void closeAll(List<AutoCloseable> owned) {
        for (AutoCloseable resource : owned.reversed()) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.debug("closing {} failed: {}", resource.getClass().getSimpleName(), e.getMessage());
            }
        }
    }

    /** Starts a worker on a REST client the caller built (and closes). */
    public static Worker start(WorkerConfig config, Handlers handlers, MeterRegistry registry,
                               DiscordRestClient rest) throws IOException {
        WorkerMetrics metrics = new WorkerMetrics(registry);
        return start(config, handlers, metrics, rest, new RestInteractionTransport(rest, metrics), null, List.of(),
                MigrationHooks.NONE);
    }

    /**
     * Starts a worker whose interaction answers go through {@code transport} instead of the REST
     * client: for a shadow worker that records instead of sending, and for tests.
     */
    public static Worker start(WorkerConfig config, Handlers handlers, MeterRegistry registry,
                               DiscordRestClient rest, InteractionTransport transport) throws IOException {
        return start(config, handlers, new WorkerMetrics(registry), rest, transport, null, List.of(), MigrationHooks.NONE);
    }

    /**
     * @param rateLimits the REST clients' store when the worker built them, for health; else null
     * @param owned      closed (in reverse order) when the worker closes
     */
    private static Worker start(WorkerConfig config, Handlers handlers, WorkerMetrics metrics,
                                DiscordRestClient rest, InteractionTransport transport,
                                FallbackRateLimitStore rateLimits, List<AutoCloseable> owned, MigrationHooks migration)
            throws IOException {
        String owner = config.workerId();
        Clock clock = Clock.systemUTC();
        RedisStateStore redis = RedisStateStore.connect(config.redisUrl(), config.redisKeyPrefix());
        ScheduledExecutorService timers = TimerThread.start("worker-timers");
        LaneScheduler scheduler = null;
        ConsumingConnection broker = null;
        try {
            StoreAvailability redisAvailability = new StoreAvailability("Redis", redis::writable, timers,
                    REDIS_PROBE_EVERY, clock);
            metrics.dependencyGauge("redis", redisAvailability::available);
            redis.heartbeat(owner, config.heartbeatTtl());
            long every = Math.max(100, config.heartbeatTtl().toMillis() / 3);
            timers.scheduleAtFixedRate(new Heartbeat(redis, redisAvailability, owner, config), every, every,
                    TimeUnit.MILLISECONDS);

            EventDispatcher dispatcher = new EventDispatcher(handlers, transport, rest, redis, redis,
                    config.dispatchOptions(), metrics, clock, timers, redisAvailability).admitting(migration.admission());
            scheduler = new LaneScheduler(config.concurrency(), "handler");
            LaneScheduler lanes = scheduler;
            metrics.queuedGauge(lanes::queued);

            TopologyDeclarer declarer = new TopologyDeclarer(config.topology(), config.queueType());
            broker = ConsumingConnection.open(config.amqpUrl(), "arrakis-worker-" + owner, declarer, owner);
            metrics.dependencyGauge("rabbitmq", broker::isOpen);
            AtomicBoolean closed = new AtomicBoolean();
            // Quorum queues have no priorities: the interactions that can wait come in a queue of their
            // own, read with a fifth of the prefetch, so commands are never queued behind them and
            // hold most of this worker's window (TopologyDeclarer, docs/architecture.md).
            List<ManualAckConsumer> interactionConsumers = new ArrayList<>();
            for (String queue : declarer.interactionQueues()) {
                int prefetch = interactionConsumers.isEmpty() ? config.prefetch() : Math.max(1, config.prefetch() / 5);
                interactionConsumers.add(broker.consume(queue, false, prefetch,
                        new DeliveryRunner(false, dispatcher, scheduler, redisAvailability, metrics, closed::get), timers));
            }
            // Every worker subscribes to every guild partition; each partition's single active
            // consumer is on one of them, so k workers share the partitions and a guild stays in order.
            List<ManualAckConsumer> guild = new ArrayList<>();
            // Each worker starts at its own partition: workers starting together then tend to become
            // the active consumer of different partitions (RabbitMQ makes the first subscriber active).
            List<String> partitions = config.topology().guildPartitionQueues();
            int first = Math.floorMod(owner.hashCode(), partitions.size());
            for (int i = 0; i < partitions.size(); i++) {
                String partition = partitions.get((first + i) % partitions.size());
                guild.add(broker.consume(partition, true, config.prefetch(),
                        new DeliveryRunner(true, dispatcher, scheduler, redisAvailability, metrics, closed::get), timers));
            }
            List<ManualAckConsumer> consumers = new ArrayList<>(interactionConsumers);
            consumers.addAll(guild);
            // An upgrade from the single guild queue: drain what it still holds (see LegacyGuildQueueDrain).
            LegacyGuildQueueDrain legacy = LegacyGuildQueueDrain.startIfPresent(broker, config.topology(), config.prefetch(),
                    new DeliveryRunner(true, dispatcher, scheduler, redisAvailability, metrics, closed::get), timers);
            // Guild events keep their subscription through an outage: they are held in order, at most
            // the prefetch of them, and the single active consumer stays here.
            redisAvailability.addListener(new StoreAvailability.Listener() {
                @Override
                public void unavailable(String reason) {
                    interactionConsumers.forEach(ManualAckConsumer::pause);
                }

                @Override
                public void available() {
                    interactionConsumers.forEach(ManualAckConsumer::resume);
                }
            });
            LOG.info("worker {} consuming {} and {} guild partitions {} .. {}", owner, declarer.interactionQueues(),
                    config.topology().guildPartitions(), partitions.getFirst(), partitions.getLast());
            return new Worker(config, metrics, redis, redisAvailability, rateLimits, timers, scheduler, broker,
                    List.copyOf(consumers), legacy, owned, closed, migration);
        } catch (IOException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            if (scheduler != null) {
                scheduler.close();
            }
            timers.shutdownNow();
            redis.close();
            throw e;
        }
    }

    /**
     * Keeps this worker's heartbeat alive; catches everything so the timer never dies. A failure is
     * the availability's to report, once per outage.
     */
    private record Heartbeat(RedisStateStore redis, StoreAvailability availability, String owner, WorkerConfig config)
            implements Runnable {
        @Override
        public void run() {
            try {
                redis.heartbeat(owner, config.heartbeatTtl());
            } catch (StateUnavailableException e) {
                availability.failed(e);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat to Redis failed: {}", e.getMessage());
            }
        }
    }

    /** The process is running (not closed). */
    public boolean live() {
        return !closed.get();
    }

    /** Ready for work: consuming both queues and Redis usable. */
    public boolean ready() {
        return health().values().stream().allMatch(Check::ready);
    }

    /**
     * Readiness, part by part, in plain words: {@code broker}, one entry per queue, {@code redis},
     * and {@code rest-rate-limits} when the worker built its REST clients.
     */
    public Map<String, Check> health() {
        Map<String, Check> checks = new LinkedHashMap<>();
        boolean open = !closed.get();
        checks.put("broker", new Check(open && broker.isOpen(),
                !open ? "worker stopped" : broker.isOpen() ? "connected" : "connection lost, reconnecting"));
        for (ManualAckConsumer consumer : consumers) {
            boolean consuming = open && consumer.consuming();
            checks.put(consumer.queue(), new Check(consuming, consuming ? "consuming"
                    : consumer.state() == ManualAckConsumer.State.PAUSED ? "paused: Redis is unusable"
                    : consumer.state().name().toLowerCase(java.util.Locale.ROOT)));
        }
        checks.put("redis", switch (redisAvailability.state()) {
            case StoreAvailability.State.Available a -> new Check(true, "answering");
            case StoreAvailability.State.Unavailable down -> new Check(false, "unusable since " + down.since()
                    + " (" + down.reason() + "): taking no new interactions, holding guild events");
        });
        if (rateLimits != null) {
            // Not a reason to take the worker out of service: the local limits are conservative.
            checks.put("rest-rate-limits", new Check(true, rateLimits.fallingBack()
                    ? "local, conservative limits while Redis is unusable" : "shared through Redis"));
        }
        return checks;
    }

    /** The depths of the bot's queues as the broker describes them, read on this worker's connection. */
    public QueueDepths queueDepths() {
        return queueDepths;
    }

    /** What a migration changes in this worker ({@link MigrationHooks#NONE} outside one). */
    public MigrationHooks migration() {
        return migration;
    }

    public WorkerMetrics metrics() {
        return metrics;
    }

    public WorkerConfig config() {
        return config;
    }

    /** Handlers waiting or running; for tests and graceful-shutdown reporting. */
    public int inFlight() {
        return scheduler.queued() + scheduler.running();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Running handlers finish; what has not started is given back for other workers (see ManualAckConsumer#stop).
        consumers.forEach(ManualAckConsumer::stop);
        if (legacy != null) {
            legacy.stop();
        }
        for (Runnable notStarted : scheduler.removeQueued()) {
            if (notStarted instanceof DeliveryRunner.Pending pending) {
                pending.giveBack();
            }
        }
        try {
            if (!scheduler.awaitIdle(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} handler(s) still running after the {} grace period; their messages return to the queue",
                        inFlight(), config.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close();
        consumers.forEach(ManualAckConsumer::close);
        if (legacy != null) {
            legacy.close();
        }
        broker.close();
        timers.shutdownNow();
        try {
            redis.retire(config.workerId());
        } catch (RuntimeException e) {
            LOG.debug("removing the heartbeat failed: {}", e.getMessage());
        }
        redis.close();
        closeAll(owned);
        LOG.info("worker {} stopped", config.workerId());
    }
}
