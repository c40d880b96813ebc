package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.gateway.GatewayDispatch;
import community.arrakis.gatewayproxy.discord.gateway.GatewayListener;
import community.arrakis.gatewayproxy.discord.gateway.GatewayShard;
import community.arrakis.gatewayproxy.discord.gateway.IdentifyLimiter;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.ops.HealthCheck;
import community.arrakis.gatewayproxy.redis.RedisUnreachableException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns one shard: starts it (resuming from its checkpoint when there is one, otherwise waiting for
 * an identify slot and budget), forwards its dispatches, writes its checkpoints, pauses it when the
 * broker cannot keep up, and reports its health.
 *
 * <p>Pausing: when more than {@code maxBufferedPerShard} events are unconfirmed (the broker is down
 * or slow), the shard is closed with a resumable code, so Discord keeps the session and its
 * events. Once the backlog is down to half, the shard resumes from the last sequence it received:
 * everything up to there is held by the publisher, nothing was dropped.
 *
 * <p>Redis: a READY shard never needs it (it publishes and resumes from memory). Two steps do, and
 * while Redis is unreachable they wait for it, saying so in the shard's health: reading the
 * checkpoint at start, and taking an identify slot, since identifying without one could exceed
 * {@code max_concurrency} across processes. Checkpoint writes that fail leave the latest
 * checkpoint in memory for the checkpoint job ({@link CheckpointWriter}) to write later.
 */
final class ShardSupervisor implements GatewayListener {

    private static final Logger log = LoggerFactory.getLogger(ShardSupervisor.class);
    static final String WAITING_FOR_REDIS_TO_IDENTIFY = "Redis to identify";
    static final String WAITING_FOR_REDIS_TO_READ_CHECKPOINT = "Redis to read the checkpoint";
    /**
     * How long a step that needs Redis waits before asking again, unless Redis is reported back
     * sooner: it notices a Redis that came back even when nothing else is using it.
     */
    static final Duration REDIS_RETRY = Duration.ofMillis(250);

    private final int shardId;
    private final int shardCount;
    private final ShardOptions baseOptions;
    private final IngestorConfig config;
    private final DispatchForwarder forwarder;
    private final ShardPublisher publisher;
    private final SessionCheckpointStore checkpoints;
    private final IdentifyLimiter identifyLimiter;
    private final RedisAvailability redis;
    private final IdentifyBudget budget;
    private final IngestorMetrics metrics;
    private final Clock clock;
    private final GatewayTransport transport;
    private final AtomicBoolean pausing = new AtomicBoolean();
    private final Object lifecycle = new Object();
    private volatile GatewayShard shard;
    private volatile ShardStatus status = ShardStatus.IDLE;
    private volatile String waitingFor;
    private volatile boolean stopped;
    private volatile boolean silent;
    private volatile boolean identifiedBefore;
    private volatile long lastEventAtMillis;
    private volatile ResumeState lastSaved;
    private volatile String stoppedBecause;

    ShardSupervisor(int shardId, int shardCount, URI gatewayUrl, IngestorConfig config, DispatchForwarder forwarder,
                    ShardPublisher publisher, SessionCheckpointStore checkpoints, IdentifyLimiter identifyLimiter,
                    RedisAvailability redis, IdentifyBudget budget, IngestorMetrics metrics, Clock clock,
                    GatewayTransport transport) {
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.baseOptions = ShardOptions.of(gatewayUrl, config.botToken(), shardId, shardCount)
                .withIntents(config.intents())
                .withCompression(config.compression());
        this.config = config;
        this.forwarder = forwarder;
        this.publisher = publisher;
        this.checkpoints = checkpoints;
        this.identifyLimiter = identifyLimiter;
        this.redis = redis;
        this.budget = budget;
        this.metrics = metrics;
        this.clock = clock;
        this.transport = transport;
        this.lastEventAtMillis = clock.millis();
        metrics.shardGauge(IngestorMetrics.BUFFERED_EVENTS, shardId, publisher, ShardPublisher::buffered);
        metrics.shardGauge(IngestorMetrics.SHARD_READY, shardId, this, s -> s.isReady() ? 1 : 0);
        metrics.shardGauge(IngestorMetrics.SHARD_SILENT, shardId, this, s -> s.silent ? 1 : 0);
        metrics.shardGauge(IngestorMetrics.LAST_EVENT_AGE, shardId, this, s -> s.lastEventAgeMillis() / 1000.0);
        metrics.shardGauge(IngestorMetrics.HEARTBEAT_RTT, shardId, this,
                s -> s.heartbeatRttMillis().isPresent() ? s.heartbeatRttMillis().getAsLong() / 1000.0 : Double.NaN);
        metrics.shardGauge(IngestorMetrics.CHECKPOINT_SEQUENCE, shardId, this,
                s -> s.lastSaved == null ? Double.NaN : s.lastSaved.sequence());
    }

    int shardId() {
        return shardId;
    }

    /**
     * Connects: resumes the checkpointed session if there is one, otherwise identifies. Every
     * IDENTIFY the shard sends, now or after an invalid session, first waits for the identify
     * budget and a slot of its bucket ({@link #identifyGate}).
     */
    void start() {
        Optional<ResumeState> checkpoint;
        try {
            checkpoint = whenRedisAnswers(WAITING_FOR_REDIS_TO_READ_CHECKPOINT,
                    () -> checkpoints.load(shardId, shardCount));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // the ingestor is closing
        }
        if (checkpoint.isPresent()) {
            forwarder.startSession(checkpoint.get());
            lastSaved = checkpoint.get();
            connect(checkpoint.get(), "resuming session from checkpoint seq " + checkpoint.get().sequence());
            return;
        }
        connect(null, "no checkpoint: identifying a new session");
    }

    /** The limiter handed to the gateway: budget first, then the shared bucket slot. */
    private void identifyGate(int id) throws InterruptedException {
        while (!budget.allowsIdentify()) {
            waitingFor = "identify budget";
            long wait = Math.max(1_000, budget.resetAfterMillis());
            log(() -> log.error("shard {}: identify budget is down to its reserve ({} left); not starting a new "
                    + "session for {} s", shardId, budget.remaining(), wait / 1000));
            Thread.sleep(wait);
        }
        waitingFor = "identify slot";
        whenRedisAnswers(WAITING_FOR_REDIS_TO_IDENTIFY, () -> {
            identifyLimiter.acquire(id);
            return null;
        });
        // The gateway calls this right before it writes IDENTIFY: the one place to count them.
        budget.identified();
        metrics.identify(shardId, identifiedBefore ? "session lost" : "first session");
        identifiedBefore = true;
    }

    /** One step that needs Redis (and may wait on its own, as the identify slot does). */
    @FunctionalInterface
    private interface RedisStep<T> {
        T run() throws InterruptedException;
    }

    /**
     * Runs {@code step}, and while Redis is unreachable waits and runs it again: until Redis is
     * reported back or {@link #REDIS_RETRY} passes, whichever is first. Meanwhile the shard's health
     * says it is waiting for {@code what}; the outage is logged once, by {@link RedisAvailability}.
     */
    private <T> T whenRedisAnswers(String what, RedisStep<T> step) throws InterruptedException {
        String waitingBefore = waitingFor;
        try {
            while (true) {
                try {
                    T result = step.run();
                    redis.answered();
                    return result;
                } catch (RedisUnreachableException e) {
                    if (Thread.interrupted()) {
                        // Lettuce turns an interrupt into a failed command: the shard is stopping
                        throw new InterruptedException("stopped while waiting for " + what);
                    }
                    waitingFor = what;
                    redis.unreachable(e.getMessage());
                    if (redis.awaitReachable(REDIS_RETRY)) {
                        waitingFor = waitingBefore; // reported back: the next attempt should get through
                    }
                }
            }
        } finally {
            waitingFor = null;
        }
    }

    private void connect(ResumeState resumeFrom, String why) {
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            GatewayShard.Builder builder = GatewayShard.builder(baseOptions.withResumeFrom(resumeFrom), this)
                    .identifyLimiter(this::identifyGate);
            if (transport != null) {
                builder.transport(transport);
            }
            GatewayShard next = builder.build();
            shard = next;
            log(() -> log.info("shard {}: starting ({})", shardId, why));
            next.start();
        }
    }

    @Override
    public void onDispatch(GatewayDispatch dispatch) {
        lastEventAtMillis = clock.millis();
        forwarder.forward(dispatch);
        if (publisher.buffered() >= config.maxBufferedPerShard() && pausing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("pause-shard-" + shardId).start(this::pauseUntilBrokerCatchesUp);
        }
    }

    @Override
    public void onSessionStarted(int shardId, ResumeState session) {
        forwarder.startSession(session);
        // A new session makes the old checkpoint useless: replace it at once, not at the next tick.
        // Not on this thread: it reads the gateway for every shard, and must not wait for Redis.
        Thread.ofVirtual().name("checkpoint-shard-" + shardId).start(() -> {
            try {
                saveCheckpoint();
                redis.answered();
            } catch (RedisUnreachableException e) {
                redis.unreachable(e.getMessage()); // held in memory: the checkpoint job writes it when Redis answers
            } catch (RuntimeException e) {
                log(() -> log.warn("shard {}: cannot write the new session's checkpoint ({}); the next tick retries",
                        shardId, e.toString()));
            }
        });
    }

    @Override
    public void onStatusChanged(int shardId, ShardStatus from, ShardStatus to, String reason) {
        status = to;
        if (to == ShardStatus.STOPPED && !stopped && !pausing.get()) {
            // Not our own stop: a fatal close code. The gateway will not reconnect, and neither do we;
            // the health check says why until someone fixes the configuration and restarts.
            stoppedBecause = reason;
            log(() -> log.error("shard {}: stopped for good: {}", shardId, reason));
        }
        if (to == ShardStatus.RECONNECTING) {
            metrics.reconnect(shardId, reason);
        } else if (to == ShardStatus.RESUMING && from != ShardStatus.RESUMING) {
            metrics.resume(shardId);
        }
        // The gateway logs each transition in one line already.
        log(() -> log.debug("shard {}: {} -> {} ({})", shardId, from, to, reason));
    }

    /**
     * Closes the shard resumably, waits until the publisher has caught up to half the bound, then
     * resumes from the last sequence received.
     */
    private void pauseUntilBrokerCatchesUp() {
        try {
            metrics.paused(shardId);
            log(() -> log.warn("shard {}: pausing, {} events await the broker (bound {}); Discord keeps the session",
                    shardId, publisher.buffered(), config.maxBufferedPerShard()));
            GatewayShard current = shard;
            if (current != null) {
                current.close();
            }
            waitingFor = "broker";
            int lowWater = config.maxBufferedPerShard() / 2;
            while (!stopped && (publisher.buffered() > lowWater || !publisher.isWritable())) {
                Thread.sleep(100);
            }
            waitingFor = null;
            if (stopped) {
                return;
            }
            ResumeState resumeFrom = forwarder.received().orElse(null);
            connect(resumeFrom, "broker caught up (" + publisher.buffered() + " events buffered); resuming");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log(() -> log.error("shard {}: could not pause and resume cleanly", shardId, e));
        } finally {
            pausing.set(false);
        }
    }

    /** Stops reading and closes the socket with a resumable code; the session stays resumable. */
    void stop() {
        GatewayShard current;
        synchronized (lifecycle) {
            stopped = true;
            current = shard;
        }
        if (current != null) {
            current.close();
        }
        log(() -> log.info("shard {}: stopped reading; session left resumable", shardId));
    }

    /**
     * Writes the latest checkpoint if the safe sequence moved since the last write. Called by the
     * checkpoint job and on a session start.
     *
     * @return whether it wrote
     * @throws RedisUnreachableException when Redis cannot take it now: the latest checkpoint is
     *                                   still held in memory (the forwarder's safe sequence), for the next call
     */
    boolean saveCheckpoint() {
        return writeCheckpoint(false);
    }

    /**
     * Writes the latest checkpoint even if it is the one written last: after a Redis outage (a
     * Redis that came back may have come back empty) and at stop.
     *
     * @return whether there was a checkpoint to write
     * @throws RedisUnreachableException as {@link #saveCheckpoint()}
     */
    boolean rewriteCheckpoint() {
        return writeCheckpoint(true);
    }

    /** Synchronized so that of two writers the later reads, and writes, the newer state. */
    private synchronized boolean writeCheckpoint(boolean evenIfUnchanged) {
        Optional<ResumeState> state = forwarder.checkpoint();
        if (state.isEmpty() || (!evenIfUnchanged && state.get().equals(lastSaved))) {
            return false;
        }
        checkpoints.save(shardId, shardCount, state.get());
        lastSaved = state.get();
        return true;
    }

    /** The watchdog's question: has a READY shard been silent for longer than the threshold? */
    void checkSilence(Duration threshold) {
        boolean nowSilent = isReady() && lastEventAgeMillis() > threshold.toMillis();
        if (nowSilent != silent) {
            silent = nowSilent;
            if (nowSilent) {
                log(() -> log.warn("shard {}: silent, no dispatch for {} s although READY", shardId,
                        lastEventAgeMillis() / 1000));
            } else {
                log(() -> log.info("shard {}: dispatches flow again", shardId));
            }
        }
    }

    boolean isReady() {
        return status == ShardStatus.READY && !pausing.get();
    }

    ShardStatus status() {
        return status;
    }

    /** Whether the shard needs an identify slot and waits for Redis to take one. */
    boolean waitingForRedisToIdentify() {
        return WAITING_FOR_REDIS_TO_IDENTIFY.equals(waitingFor);
    }

    /** Why the shard stopped on its own (a fatal close code), or null. */
    String stoppedBecause() {
        return stoppedBecause;
    }

    long lastEventAgeMillis() {
        return Math.max(0, clock.millis() - lastEventAtMillis);
    }

    OptionalLong heartbeatRttMillis() {
        GatewayShard current = shard;
        return current == null ? OptionalLong.empty() : current.heartbeatRttMillis();
    }

    HealthCheck.Result health() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", pausing.get() ? "PAUSED" : status.name());
        if (waitingFor != null) {
            details.put("waitingFor", waitingFor);
        }
        if (stoppedBecause != null) {
            details.put("stoppedBecause", stoppedBecause);
        }
        OptionalLong rtt = heartbeatRttMillis();
        details.put("heartbeatRttMs", rtt.isPresent() ? rtt.getAsLong() : null);
        details.put("lastEventAgeMs", lastEventAgeMillis());
        details.put("silent", silent);
        details.put("buffered", publisher.buffered());
        ResumeState saved = lastSaved;
        details.put("checkpointSequence", saved == null ? null : saved.sequence());
        return new HealthCheck.Result(isReady(), details);
    }

    private void log(Runnable line) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable("shard", Integer.toString(shardId))) {
            line.run();
        }
    }

    @Override
    public String toString() {
        return "ShardSupervisor[" + shardId + "/" + shardCount + ", " + Objects.toString(status) + "]";
    }
}
