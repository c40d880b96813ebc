package community.arrakis.gatewayproxy.worker;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.worker.amqp.DeadLetterPublisher;
import community.arrakis.gatewayproxy.worker.amqp.QueueConsumer;
import community.arrakis.gatewayproxy.worker.dispatch.EventDispatcher;
import community.arrakis.gatewayproxy.worker.dispatch.InteractionTransport;
import community.arrakis.gatewayproxy.worker.dispatch.LaneScheduler;
import community.arrakis.gatewayproxy.worker.dispatch.RestInteractionTransport;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.ratelimit.InteractionBucketBypass;
import community.arrakis.gatewayproxy.worker.ratelimit.RedisRateLimitStore;
import community.arrakis.gatewayproxy.worker.state.RedisStateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running worker: consumes the interactions and guild queues, runs the handlers, answers through
 * Discord's REST API, keeps state in Redis.
 *
 * <p>Start-up, in order: Redis (state, ledger, heartbeat), the REST clients (sharing the
 * {@link RedisRateLimitStore}: handlers' calls wait up to a minute for a rate limit, interaction
 * answers at most {@link WorkerConfig#INTERACTION_MAX_RATE_LIMIT_WAIT}), the dispatcher and the
 * scheduler, RabbitMQ (declare the topology, open the dead-letter publisher, consume both queues).
 * {@link #close()} runs it backwards and gracefully: stop consuming and give back every delivery
 * whose handler has not started (interactions at once, guild events when their channel closes, so a
 * guild's order holds), let running handlers finish within the grace period, close the channels
 * (unacknowledged deliveries go back to their queue), give up the heartbeat so other workers take
 * over at once, close Redis.
 */
public final class Worker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final WorkerConfig config;
    private final WorkerMetrics metrics;
    private final RedisStateStore redis;
    private final DiscordRestClient rest;
    private final ScheduledExecutorService timers;
    private final LaneScheduler scheduler;
    private final Connection connection;
    private final DeadLetterPublisher deadLetters;
    private final List<QueueConsumer> consumers;
    private final List<AutoCloseable> owned;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Worker(WorkerConfig config, WorkerMetrics metrics, RedisStateStore redis, DiscordRestClient rest,
                   ScheduledExecutorService timers, LaneScheduler scheduler, Connection connection,
                   DeadLetterPublisher deadLetters, List<QueueConsumer> consumers, List<AutoCloseable> owned) {
        this.config = config;
        this.owned = List.copyOf(owned);
        this.metrics = metrics;
        this.redis = redis;
        this.rest = rest;
        this.timers = timers;
        this.scheduler = scheduler;
        this.connection = connection;
        this.deadLetters = deadLetters;
        this.consumers = consumers;
    }

    /**
     * Starts a worker with a REST client built from the config.
     *
     * @param registry where the worker's meters go (the Prometheus registry the ops endpoint scrapes)
     */
    public static Worker start(WorkerConfig config, Handlers handlers, MeterRegistry registry) throws IOException {
        List<AutoCloseable> owned = new ArrayList<>();
        try {
            // One rate-limit state for every worker of the bot, one connection pool for both clients.
            RedisRateLimitStore limits = RedisRateLimitStore.connect(config.redisUrl(), config.redisKeyPrefix());
            owned.add(limits);
            // The client's own work (response headers, body, completing the caller's future) runs on
            // its selector thread instead of hopping to a pool and back: handlers call send() from
            // virtual threads and the bodies are small strings. One worker at 300 interactions/s
            // used 36 % of a core instead of 46-48 %, switching threads 7,300 times a second
            // instead of 10,200 (scripts/bench/pipeline-load.sh, constant:300).
            HttpClient.Builder httpBuilder = HttpClient.newBuilder()
                    .connectTimeout(DiscordRestClient.Builder.DEFAULT_REQUEST_TIMEOUT)
                    .executor(Runnable::run);
            if ("http".equals(config.apiBaseUrl().getScheme())) {
                httpBuilder.version(HttpClient.Version.HTTP_1_1); // as the REST client's own: no h2c upgrade
            }
            HttpClient http = httpBuilder.build();
            owned.add(http);
            DiscordRestClient rest = restClient(config, limits, http).build();
            owned.add(rest);
            // Answers have Discord's 3 s clock: better to fail fast (and be counted) than answer late.
            DiscordRestClient answers = restClient(config, limits, http)
                    .maxRateLimitWait(WorkerConfig.INTERACTION_MAX_RATE_LIMIT_WAIT).build();
            owned.add(answers);
            WorkerMetrics metrics = new WorkerMetrics(registry);
            return start(config, handlers, metrics, rest, new RestInteractionTransport(answers, metrics), owned);
        } catch (IOException | RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    private static DiscordRestClient.Builder restClient(WorkerConfig config, RedisRateLimitStore limits, HttpClient http) {
        DiscordRestClient.Builder builder = DiscordRestClient.builder(config.apiBaseUrl())
                .rateLimitStore(new InteractionBucketBypass(limits)).httpClient(http);
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
        return start(config, handlers, metrics, rest, new RestInteractionTransport(rest, metrics), List.of());
    }

    /**
     * Starts a worker whose interaction answers go through {@code transport} instead of the REST
     * client: for a shadow worker that records instead of sending, and for tests.
     */
    public static Worker start(WorkerConfig config, Handlers handlers, MeterRegistry registry,
                               DiscordRestClient rest, InteractionTransport transport) throws IOException {
        return start(config, handlers, new WorkerMetrics(registry), rest, transport, List.of());
    }

    /** @param owned closed (in reverse order) when the worker closes */
    private static Worker start(WorkerConfig config, Handlers handlers, WorkerMetrics metrics,
                                DiscordRestClient rest, InteractionTransport transport, List<AutoCloseable> owned) throws IOException {
        String owner = config.workerId();
        RedisStateStore redis = RedisStateStore.connect(config.redisUrl(), config.redisKeyPrefix());
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("worker-timers").factory());
        LaneScheduler scheduler = null;
        Connection connection = null;
        try {
            redis.heartbeat(owner, config.heartbeatTtl());
            long every = Math.max(100, config.heartbeatTtl().toMillis() / 3);
            timers.scheduleAtFixedRate(new Heartbeat(redis, owner, config), every, every, TimeUnit.MILLISECONDS);

            EventDispatcher dispatcher = new EventDispatcher(handlers,
                    transport,
                    rest, redis, redis, config.dispatchOptions(), metrics, Clock.systemUTC(), timers);
            scheduler = new LaneScheduler(config.concurrency(), "handler");
            LaneScheduler lanes = scheduler;
            metrics.queuedGauge(lanes::queued);

            connection = BrokerConnections.connect(config.amqpUrl(), "arrakis-worker-" + owner);
            try (Channel channel = connection.createChannel()) {
                new TopologyDeclarer(config.topology(), config.messageEvents()).declare(channel);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("declaring the topology timed out", e);
            }
            DeadLetterPublisher deadLetters = new DeadLetterPublisher(connection, config.topology(), owner);
            List<QueueConsumer> consumers = new ArrayList<>();
            consumers.add(QueueConsumer.start(connection, config.topology().interactionsQueue(), false,
                    config.prefetch(), dispatcher, scheduler, deadLetters, metrics));
            consumers.add(QueueConsumer.start(connection, config.topology().guildQueue(), true,
                    config.prefetch(), dispatcher, scheduler, deadLetters, metrics));
            LOG.info("worker {} consuming {} and {}", owner, config.topology().interactionsQueue(), config.topology().guildQueue());
            return new Worker(config, metrics, redis, rest, timers, scheduler, connection, deadLetters, consumers, owned);
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                try {
                    connection.close();
                } catch (IOException | RuntimeException ignored) {
                    // failing anyway
                }
            }
            if (scheduler != null) {
                scheduler.close();
            }
            timers.shutdownNow();
            redis.close();
            throw e;
        }
    }

    /** Keeps this worker's heartbeat alive; catches everything so the timer never dies. */
    private record Heartbeat(RedisStateStore redis, String owner, WorkerConfig config) implements Runnable {
        @Override
        public void run() {
            try {
                redis.heartbeat(owner, config.heartbeatTtl());
            } catch (RuntimeException e) {
                LOG.warn("heartbeat to Redis failed: {}", e.getMessage());
            }
        }
    }

    /** The process is running (not closed). */
    public boolean live() {
        return !closed.get();
    }

    /** Ready for work: consuming both queues and Redis answering. */
    public boolean ready() {
        return !closed.get() && connection.isOpen() && consumers.stream().allMatch(QueueConsumer::consuming) && redis.ping();
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
        // Running handlers finish; what has not started is given back for other workers (see QueueConsumer#stop).
        consumers.forEach(QueueConsumer::stop);
        for (Runnable notStarted : scheduler.removeQueued()) {
            if (notStarted instanceof QueueConsumer.Pending pending) {
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
        consumers.forEach(QueueConsumer::close);
        deadLetters.close();
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the RabbitMQ connection failed: {}", e.getMessage());
        }
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
