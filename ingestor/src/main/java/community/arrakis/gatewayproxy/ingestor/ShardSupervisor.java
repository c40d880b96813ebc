package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.gateway.GatewayDispatch;
import community.arrakis.gatewayproxy.discord.gateway.GatewayListener;
import community.arrakis.gatewayproxy.discord.gateway.GatewayScheduler;
import community.arrakis.gatewayproxy.discord.gateway.GatewayShard;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.AwaitingIdentify;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Halted;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.IdentifyWait;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Paused;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Stopped;
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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Owns one shard: starts it (resuming from its checkpoint when there is one, otherwise waiting for
 * an identify slot and budget), forwards its dispatches, writes its checkpoints, pauses it when the
 * broker cannot keep up, and reports its health.
 *
 * <p>Its life cycle is {@link SupervisionTransitions}, a pure function of (state, event); this
 * class is the driver: it turns the gateway's callbacks, the publisher's backlog and Redis's
 * answers into {@link SupervisionEvent}s, and carries out the resulting {@link SupervisionAction}s.
 * Every wait (for Redis, for the identify budget or slot, for the broker to catch up) is a state
 * left by an event the {@link GatewayScheduler} fires later; nothing sleeps or polls in a loop.
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
 *
 * <p>Threads: the gateway's reading thread (dispatches, status changes) only changes the state;
 * whatever may wait (a Redis call, closing the shard) runs on a virtual thread, and scheduled
 * events fire on one too, so the timer thread never waits either.
 */
final class ShardSupervisor implements GatewayListener {

    private static final Logger log = LoggerFactory.getLogger(ShardSupervisor.class);
    static final String WAITING_FOR_REDIS_TO_IDENTIFY = "Redis to identify";
    static final String WAITING_FOR_REDIS_TO_READ_CHECKPOINT = "Redis to read the checkpoint";

    private final int shardId;
    private final int shardCount;
    private final ShardOptions baseOptions;
    private final IngestorConfig config;
    private final DispatchForwarder forwarder;
    private final ShardPublisher publisher;
    private final SessionCheckpointStore checkpoints;
    private final RedisIdentifyLimiter identifySlots;
    private final RedisAvailability redis;
    private final IdentifyBudget budget;
    private final IngestorMetrics metrics;
    private final Clock clock;
    private final GatewayScheduler scheduler;
    private final GatewayTransport transport;
    private final SupervisionTransitions transitions;
    /** Guards the state's changes and the shard's replacement. */
    private final Object lifecycle = new Object();
    private volatile SupervisionState state = SupervisionTransitions.initial();
    private volatile GatewayShard shard;
    /** What the gateway's identify thread waits on; completed when the slot is ours. */
    private volatile CompletableFuture<Void> identifyPermit;
    /** The gateway shard's own status, reported. */
    private volatile ShardStatus status = ShardStatus.IDLE;
    private volatile boolean silent;
    private volatile long lastEventAtMillis;
    private volatile ResumeState lastSaved;

    ShardSupervisor(int shardId, int shardCount, URI gatewayUrl, IngestorConfig config, DispatchForwarder forwarder,
                    ShardPublisher publisher, SessionCheckpointStore checkpoints, RedisIdentifyLimiter identifySlots,
                    RedisAvailability redis, IdentifyBudget budget, IngestorMetrics metrics, Clock clock,
                    GatewayTransport transport) {
        this(shardId, shardCount, gatewayUrl, config, forwarder, publisher, checkpoints, identifySlots, redis, budget,
                metrics, clock, GatewayScheduler.shared(), transport);
    }

    /** @param scheduler fires the events that end each wait */
    ShardSupervisor(int shardId, int shardCount, URI gatewayUrl, IngestorConfig config, DispatchForwarder forwarder,
                    ShardPublisher publisher, SessionCheckpointStore checkpoints, RedisIdentifyLimiter identifySlots,
                    RedisAvailability redis, IdentifyBudget budget, IngestorMetrics metrics, Clock clock,
                    GatewayScheduler scheduler, GatewayTransport transport) {
        this.shardId = shardId;
        this.shardCount = shardCount;
        this.baseOptions = ShardOptions.of(gatewayUrl, config.botToken(), shardId, shardCount)
                .withIntents(config.intents())
                .withCompression(config.compression());
        this.config = config;
        this.forwarder = forwarder;
        this.publisher = publisher;
        this.checkpoints = checkpoints;
        this.identifySlots = identifySlots;
        this.redis = redis;
        this.budget = budget;
        this.metrics = metrics;
        this.clock = clock;
        this.scheduler = scheduler;
        this.transport = transport;
        this.transitions = new SupervisionTransitions(config.maxBufferedPerShard());
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
     * budget and a slot of its bucket ({@link #identifyGate}). Returns once the checkpoint is read,
     * or, while Redis does not answer, at once (the read is retried on schedule).
     */
    void start() {
        fire(new SupervisionEvent.StartRequested());
    }

    /** Stops reading and closes the socket with a resumable code; the session stays resumable. */
    void stop() {
        fire(new SupervisionEvent.StopRequested());
        log(() -> log.info("shard {}: stopped reading; session left resumable", shardId));
    }

    // ---------------------------------------------------------------- the gateway's callbacks

    /**
     * The limiter handed to the gateway: it waits, on the gateway's identify thread, until the
     * budget and a slot of the bucket allow an IDENTIFY. The waiting itself is the machine's.
     */
    private void identifyGate(int id) throws InterruptedException {
        CompletableFuture<Void> permit = new CompletableFuture<>();
        CompletableFuture<Void> superseded = identifyPermit;
        identifyPermit = permit;
        if (superseded != null) {
            superseded.cancel(false); // a request of an earlier connection of the shard: this one replaces it
        }
        fire(new SupervisionEvent.IdentifyRequested());
        try {
            permit.get();
        } catch (InterruptedException e) {
            fire(new SupervisionEvent.IdentifyAbandoned());
            throw e;
        } catch (CancellationException e) {
            throw new InterruptedException("a later identify request of shard " + shardId + " replaced this one");
        } catch (ExecutionException e) {
            throw new IllegalStateException("identify permit failed for shard " + shardId, e.getCause());
        }
    }

    @Override
    public void onDispatch(GatewayDispatch dispatch) {
        lastEventAtMillis = clock.millis();
        forwarder.forward(dispatch);
        int buffered = publisher.buffered();
        if (buffered >= config.maxBufferedPerShard() && !(state instanceof Paused)) {
            fire(new SupervisionEvent.BacklogOverBound(buffered));
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
        if (to == ShardStatus.STOPPED) {
            // Ours (a pause, a stop) or the gateway's own, on a fatal close code: the machine knows which.
            fire(new SupervisionEvent.GatewayStopped(reason));
        }
        if (to == ShardStatus.RECONNECTING) {
            metrics.reconnect(shardId, reason);
        } else if (to == ShardStatus.RESUMING && from != ShardStatus.RESUMING) {
            metrics.resume(shardId);
        }
        // The gateway logs each transition in one line already.
        log(() -> log.debug("shard {}: {} -> {} ({})", shardId, from, to, reason));
    }

    // ---------------------------------------------------------------- the state machine's driver

    /** Runs one event through the machine, then carries out its actions on this thread. */
    private void fire(SupervisionEvent event) {
        SupervisionTransitions.Transition transition;
        synchronized (lifecycle) {
            transition = transitions.next(state, event);
            state = transition.state();
        }
        for (SupervisionAction action : transition.actions()) {
            try {
                execute(action);
            } catch (RuntimeException e) {
                log(() -> log.error("shard {}: failed to {}", shardId, action, e));
            }
        }
    }

    private void execute(SupervisionAction action) {
        switch (action) {
            case SupervisionAction.ReadCheckpoint a -> readCheckpoint();
            case SupervisionAction.ReportRedisUnreachable a -> redis.unreachable(a.reason());
            case SupervisionAction.ScheduleCheckpointRetry a ->
                    later(a.delay(), SupervisionEvent.CheckpointRetryDue::new);
            case SupervisionAction.StartShard a -> startShard(a.checkpoint());
            case SupervisionAction.AttemptIdentify a -> background("identify-shard-", this::attemptIdentify);
            case SupervisionAction.ReportBudgetSpent a -> log(() -> log.error("shard {}: identify budget is down to its "
                    + "reserve ({} left); not starting a new session for {} s", shardId, a.remaining(), a.resetsIn().toSeconds()));
            case SupervisionAction.ScheduleIdentifyRetry a -> later(a.delay(), SupervisionEvent.IdentifyRetryDue::new);
            case SupervisionAction.PermitIdentify a -> permitIdentify(a.firstSession());
            case SupervisionAction.PauseShard a -> pause(a.buffered());
            case SupervisionAction.ScheduleBacklogCheck a -> later(a.delay(), this::backlogChecked);
            case SupervisionAction.ResumeShard a -> connect(forwarder.received().orElse(null),
                    "broker caught up (" + a.buffered() + " events buffered); resuming");
            case SupervisionAction.ReportHalted a -> log(() -> log.error("shard {}: stopped for good: {}", shardId,
                    a.reason()));
            case SupervisionAction.CloseShard a -> closeShard();
        }
    }

    /** Fires the event {@code when} makes after {@code delay}, on a virtual thread: its actions may wait. */
    private void later(Duration delay, Supplier<SupervisionEvent> when) {
        scheduler.schedule(delay, () -> background("shard-" + shardId + "-", () -> fire(when.get())));
    }

    private static void background(String name, Runnable job) {
        Thread.ofVirtual().name(name).start(job);
    }

    private void readCheckpoint() {
        Optional<ResumeState> checkpoint;
        try {
            checkpoint = checkpoints.load(shardId, shardCount);
            redis.answered();
        } catch (RedisUnreachableException e) {
            fire(new SupervisionEvent.CheckpointUnreadable(e.getMessage()));
            return;
        }
        fire(new SupervisionEvent.CheckpointRead(checkpoint.orElse(null)));
    }

    private void startShard(ResumeState checkpoint) {
        if (checkpoint == null) {
            connect(null, "no checkpoint: identifying a new session");
            return;
        }
        forwarder.startSession(checkpoint);
        lastSaved = checkpoint;
        connect(checkpoint, "resuming session from checkpoint seq " + checkpoint.sequence());
    }

    /** One try at the identify gate: the budget first, then the shared bucket's slot. */
    private void attemptIdentify() {
        if (!budget.allowsIdentify()) {
            fire(new SupervisionEvent.IdentifyBudgetSpent(budget.remaining(), Duration.ofMillis(budget.resetAfterMillis())));
            return;
        }
        Duration wait;
        try {
            wait = identifySlots.tryAcquire(shardId);
            redis.answered();
        } catch (RedisUnreachableException e) {
            fire(new SupervisionEvent.IdentifyRedisUnreachable(e.getMessage()));
            return;
        }
        fire(wait.isZero() ? new SupervisionEvent.IdentifySlotTaken() : new SupervisionEvent.IdentifySlotBusy(wait));
    }

    /** The gateway writes IDENTIFY as soon as the permit completes: the one place to count them. */
    private void permitIdentify(boolean firstSession) {
        budget.identified();
        metrics.identify(shardId, firstSession ? "first session" : "session lost");
        CompletableFuture<Void> permit = identifyPermit;
        if (permit != null) {
            permit.complete(null);
        }
    }

    /** Closes the shard resumably, off the gateway's reading thread, then starts looking at the backlog. */
    private void pause(int buffered) {
        metrics.paused(shardId);
        log(() -> log.warn("shard {}: pausing, {} events await the broker (bound {}); Discord keeps the session",
                shardId, buffered, config.maxBufferedPerShard()));
        background("pause-shard-" + shardId, () -> {
            closeShard();
            fire(backlogChecked());
        });
    }

    private SupervisionEvent backlogChecked() {
        return new SupervisionEvent.BacklogChecked(publisher.buffered(), publisher.isWritable());
    }

    private void connect(ResumeState resumeFrom, String why) {
        synchronized (lifecycle) {
            if (state instanceof Stopped) {
                return; // stopped between the transition and now
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

    private void closeShard() {
        GatewayShard current;
        synchronized (lifecycle) {
            current = shard;
        }
        if (current != null) {
            current.close();
        }
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
        Optional<ResumeState> latest = forwarder.checkpoint();
        if (latest.isEmpty() || (!evenIfUnchanged && latest.get().equals(lastSaved))) {
            return false;
        }
        checkpoints.save(shardId, shardCount, latest.get());
        lastSaved = latest.get();
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
        return status == ShardStatus.READY && !(state instanceof Paused);
    }

    ShardStatus status() {
        return status;
    }

    /** Whether the shard needs an identify slot and waits for Redis to take one. */
    boolean waitingForRedisToIdentify() {
        return state instanceof AwaitingIdentify a && a.waitingOn() == IdentifyWait.REDIS;
    }

    /** Why the shard stopped on its own (a fatal close code), or null. */
    String stoppedBecause() {
        return state instanceof Halted halted ? halted.reason() : null;
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
        SupervisionState now = state;
        details.put("state", now instanceof Paused ? "PAUSED" : status.name());
        if (now.waitingFor() != null) {
            details.put("waitingFor", now.waitingFor());
        }
        if (now instanceof Halted halted) {
            details.put("stoppedBecause", halted.reason());
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
