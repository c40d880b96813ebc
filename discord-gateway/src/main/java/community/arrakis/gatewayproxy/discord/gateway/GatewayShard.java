package community.arrakis.gatewayproxy.discord.gateway;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.gateway.protocol.FrameReader;
import community.arrakis.gatewayproxy.discord.gateway.protocol.GatewayFrame;
import community.arrakis.gatewayproxy.discord.gateway.protocol.MalformedFrameException;
import community.arrakis.gatewayproxy.discord.gateway.protocol.Opcode;
import community.arrakis.gatewayproxy.discord.gateway.protocol.PayloadWriter;
import community.arrakis.gatewayproxy.discord.gateway.session.Session;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardEvent;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardState;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardStateMachine;
import community.arrakis.gatewayproxy.discord.gateway.session.Transition;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayConnection;
import community.arrakis.gatewayproxy.discord.gateway.transport.GatewayTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.JdkWebSocketTransport;
import community.arrakis.gatewayproxy.discord.gateway.transport.TransportListener;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One shard's gateway session: connects, identifies or resumes, heartbeats, reconnects per the
 * close-code table, and hands every dispatch to its {@link GatewayListener} in order.
 *
 * <p>This class is the driver around {@link ShardStateMachine}: it turns socket traffic and timer
 * ticks into {@link ShardEvent}s, asks the machine for the next state under one lock, and carries
 * out the resulting {@link ShardAction}s. Three kinds of thread feed it:
 * <ul>
 *   <li>the transport's reading thread, which parses each message and, for a dispatch, calls the
 *       listener <em>itself</em> and only then lets the socket read on: a slow listener is the
 *       backpressure, and the heartbeats, on their own timer, keep the session alive meanwhile;</li>
 *   <li>the timer thread (heartbeats, reconnect delay, HELLO timeout);</li>
 *   <li>a virtual thread waiting for the {@link IdentifyLimiter}.</li>
 * </ul>
 * Listener notifications other than dispatches go through one ordered queue, so
 * {@code onStatusChanged} calls arrive in the order the transitions happened whichever thread made
 * them, and {@code onSessionStarted} has returned before the first dispatch of that session.
 */
public final class GatewayShard implements AutoCloseable {

    /** How long after starting to connect HELLO must have arrived. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close()} waits for the socket and an in-flight dispatch. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(GatewayShard.class);

    private final ShardOptions options;
    private final GatewayListener listener;
    private final IdentifyLimiter identifyLimiter;
    private final GatewayTransport transport;
    private final boolean ownsTransport;
    private final GatewayScheduler scheduler;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final Duration handshakeTimeout;
    private final Duration closeTimeout;
    private final ShardStateMachine machine;
    private final FrameReader reader = new FrameReader();
    private final PayloadWriter writer = new PayloadWriter();
    private final String shardLabel;

    private final ReentrantLock stateLock = new ReentrantLock();
    private ShardState state;
    private final ReentrantLock deliveryLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Runnable> notifications = new ConcurrentLinkedQueue<>();
    private final ReentrantLock notifyLock = new ReentrantLock();

    private final Map<Long, GatewayConnection> connections = new ConcurrentHashMap<>();
    private final Map<Long, List<GatewayScheduler.Task>> connectionTimers = new ConcurrentHashMap<>();
    private GatewayScheduler.Task reconnectTimer;
    private Thread identifyWaiter;

    private volatile long heartbeatSentAtNanos;
    private volatile long heartbeatRttNanos = -1;

    /** A shard with the defaults: process-wide identify limiter and timer, JDK WebSocket. */
    public GatewayShard(ShardOptions options, GatewayListener listener) {
        this(builder(options, listener));
    }

    /** A shard whose identifies go through {@code identifyLimiter} (e.g. one shared by a fleet). */
    public GatewayShard(ShardOptions options, GatewayListener listener, IdentifyLimiter identifyLimiter) {
        this(builder(options, listener).identifyLimiter(identifyLimiter));
    }

    private GatewayShard(Builder b) {
        this.options = b.options;
        this.listener = b.listener;
        this.identifyLimiter = b.identifyLimiter;
        this.ownsTransport = b.transport == null;
        this.transport = b.transport != null ? b.transport
                : new JdkWebSocketTransport(b.maxMessageBytes, GatewayTransport.DEFAULT_CONNECT_TIMEOUT);
        this.scheduler = b.scheduler;
        this.clock = b.clock;
        this.nanoTime = b.nanoTime;
        this.handshakeTimeout = b.handshakeTimeout;
        this.closeTimeout = b.closeTimeout;
        this.machine = new ShardStateMachine(options.gatewayUrl(), options.compression(),
                b.backoff != null ? b.backoff : ShardStateMachine.DEFAULT_BACKOFF, b.random);
        this.shardLabel = options.shardId() + "/" + options.shardCount();
        Session initial = options.resumeFrom() == null ? null : Session.resumedFrom(options.resumeFrom());
        this.state = new ShardState.Idle(initial);
    }

    /** Options beyond the defaults: identify limiter, timers, clock, transport, limits. */
    public static Builder builder(ShardOptions options, GatewayListener listener) {
        return new Builder(options, listener);
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        fire(new ShardEvent.StartRequested());
    }

    public int shardId() {
        return options.shardId();
    }

    public ShardStatus status() {
        stateLock.lock();
        try {
            return state.status();
        } finally {
            stateLock.unlock();
        }
    }

    /** The current session and the last sequence the listener returned from, if a session exists. */
    public Optional<ResumeState> resumeState() {
        stateLock.lock();
        try {
            Session session = state.session();
            return session == null ? Optional.empty() : Optional.of(session.toResumeState());
        } finally {
            stateLock.unlock();
        }
    }

    /** Round trip of the last acknowledged heartbeat, if any. */
    public OptionalLong heartbeatRttMillis() {
        long rtt = heartbeatRttNanos;
        return rtt < 0 ? OptionalLong.empty() : OptionalLong.of(TimeUnit.NANOSECONDS.toMillis(rtt));
    }

    /**
     * Stops reading and closes the socket with a resumable code (never 1000/1001), so the session
     * survives for another process to resume. Blocks until the socket is closed (at most the close
     * timeout); after it returns the listener gets no more dispatches.
     */
    @Override
    public void close() {
        shutdown(false);
    }

    /** Like {@link #close()}, but closes with 1000 so Discord ends the session (the bot goes offline). */
    public void closeAndInvalidate() {
        shutdown(true);
    }

    private void shutdown(boolean invalidate) {
        List<GatewayConnection> open = List.copyOf(connections.values());
        fire(new ShardEvent.StopRequested(invalidate));
        long deadline = nanoTime.getAsLong() + closeTimeout.toNanos();
        for (GatewayConnection connection : open) {
            try {
                connection.closed().get(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                log.warn("shard {}: socket did not close within {} ms", shardLabel, closeTimeout.toMillis());
            }
        }
        // a dispatch the reading thread was handing over when we stopped finishes first
        waitForDelivery(deadline);
        if (ownsTransport) {
            transport.close();
        }
    }

    private void waitForDelivery(long deadline) {
        if (!deliveryLock.isHeldByCurrentThread()) {
            try {
                if (deliveryLock.tryLock(Math.max(0, deadline - nanoTime.getAsLong()), TimeUnit.NANOSECONDS)) {
                    deliveryLock.unlock();
                } else {
                    log.warn("shard {}: the listener is still busy with a dispatch after {} ms", shardLabel,
                            closeTimeout.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- the event loop

    /**
     * Runs one event through the machine and carries out its actions. Returns the
     * {@link ShardAction.Deliver} action, if any, for the reading thread to perform outside the lock.
     */
    private ShardAction.Deliver fire(ShardEvent event) {
        ShardAction.Deliver deliver = null;
        stateLock.lock();
        try {
            ShardState before = state;
            Transition t = machine.next(before, event);
            state = t.state();
            if (t.reason() != null) {
                log.info("shard {} {} -> {}: {}", shardLabel, before.status(), state.status(), t.reason());
            }
            for (ShardAction action : t.actions()) {
                if (action instanceof ShardAction.Deliver d) {
                    deliver = d;
                } else {
                    execute(action);
                }
            }
            // after the actions, so a new session is reported before the status that shows it ready
            if (before.status() != state.status()) {
                ShardStatus from = before.status();
                ShardStatus to = state.status();
                String reason = t.reason() == null ? "" : t.reason();
                notifications.add(() -> listener.onStatusChanged(options.shardId(), from, to, reason));
            }
            if (state instanceof ShardState.Stopped && !(before instanceof ShardState.Stopped)) {
                cancelBackgroundWork();
            }
        } catch (RuntimeException e) {
            // a bug here must not kill the thread that called us (the socket's or the timer's)
            log.error("shard {}: failed to handle {}", shardLabel, event.getClass().getSimpleName(), e);
        } finally {
            stateLock.unlock();
        }
        drainNotifications();
        return deliver;
    }

    /** Runs queued listener notifications in order, one thread at a time. */
    private void drainNotifications() {
        notifyLock.lock();
        try {
            Runnable next;
            while ((next = notifications.poll()) != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    log.error("shard {}: listener notification failed", shardLabel, e);
                }
            }
        } finally {
            notifyLock.unlock();
        }
    }

    /** Carries out an action; called with the state lock held, so it must not block. */
    private void execute(ShardAction action) {
        switch (action) {
            case ShardAction.Connect a -> connect(a);
            case ShardAction.StartHeartbeat a -> addTimer(a.connectionId(), scheduler.scheduleAtFixedRate(
                    a.firstDelay(), a.interval(), safely(() -> fire(new ShardEvent.HeartbeatDue(a.connectionId())))));
            case ShardAction.SendHeartbeat a -> {
                heartbeatSentAtNanos = nanoTime.getAsLong();
                send(a.connectionId(), writer.heartbeat(a.sequence()));
            }
            case ShardAction.RequestIdentifyPermit a -> requestIdentifyPermit(a.connectionId());
            case ShardAction.SendIdentify a -> send(a.connectionId(),
                    writer.identify(options.token(), options.intents(), options.shardId(), options.shardCount()));
            case ShardAction.SendResume a -> send(a.connectionId(),
                    writer.resume(options.token(), a.resume().sessionId(), a.resume().sequence()));
            case ShardAction.Close a -> {
                cancelTimers(a.connectionId());
                GatewayConnection connection = connections.get(a.connectionId());
                if (connection != null) {
                    connection.close(a.code(), a.reason());
                }
            }
            case ShardAction.ScheduleReconnect a -> reconnectTimer = scheduler.schedule(a.delay(),
                    safely(() -> fire(new ShardEvent.ReconnectDue())));
            case ShardAction.ReportSessionStarted a -> notifications.add(
                    () -> listener.onSessionStarted(options.shardId(), a.session()));
            case ShardAction.Deliver a -> throw new IllegalStateException("delivered by the reading thread");
        }
    }

    private void connect(ShardAction.Connect a) {
        long id = a.connectionId();
        addTimer(id, scheduler.schedule(handshakeTimeout, safely(() -> fire(new ShardEvent.HelloTimedOut(id)))));
        try {
            transport.connect(a.url(), options.compression(), new ConnectionListener(id))
                    .whenComplete((connection, error) -> {
                        if (error != null) {
                            // completes on the transport's thread, never inline under our lock
                            Thread.ofVirtual().start(() -> fire(new ShardEvent.ConnectFailed(id, describe(error))));
                        }
                    });
        } catch (RuntimeException e) {
            Thread.ofVirtual().start(() -> fire(new ShardEvent.ConnectFailed(id, describe(e))));
        }
    }

    private void requestIdentifyPermit(long connectionId) {
        identifyWaiter = Thread.ofVirtual().name("shard-" + options.shardId() + "-identify").start(() -> {
            try {
                identifyLimiter.acquire(options.shardId());
                fire(new ShardEvent.IdentifyPermitted(connectionId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("shard {}: identify limiter failed; dropping the connection to retry", shardLabel, e);
                fire(new ShardEvent.ConnectionFailed(connectionId, "identify limiter failed: " + e));
            }
        });
    }

    private void send(long connectionId, String payload) {
        GatewayConnection connection = connections.get(connectionId);
        if (connection != null) {
            connection.send(payload);
        }
    }

    private void addTimer(long connectionId, GatewayScheduler.Task task) {
        connectionTimers.computeIfAbsent(connectionId, k -> new ArrayList<>()).add(task);
    }

    private void cancelTimers(long connectionId) {
        List<GatewayScheduler.Task> timers = connectionTimers.remove(connectionId);
        if (timers != null) {
            timers.forEach(GatewayScheduler.Task::cancel);
        }
    }

    private void cancelBackgroundWork() {
        if (reconnectTimer != null) {
            reconnectTimer.cancel();
        }
        connectionTimers.keySet().forEach(this::cancelTimers);
        Thread waiter = identifyWaiter;
        if (waiter != null) {
            waiter.interrupt();
        }
    }

    /** Scheduled work catches everything: an exception would silently cancel a periodic timer. */
    private Runnable safely(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("shard {}: timer task failed", shardLabel, e);
            }
        };
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    // ---------------------------------------------------------------- the reading side

    /** Turns one connection's traffic into events; runs on the transport's reading thread. */
    private final class ConnectionListener implements TransportListener {
        private final long id;

        ConnectionListener(long id) {
            this.id = id;
        }

        @Override
        public void onOpen(GatewayConnection connection) {
            connections.put(id, connection);
            connection.closed().whenComplete((ok, error) -> connections.remove(id));
            fire(new ShardEvent.SocketOpened(id));
        }

        @Override
        public void onMessage(byte[] message, long receivedAtNanos) {
            long receivedAtMillis = clock.millis();
            MDC.put("shard", Integer.toString(options.shardId()));
            try {
                handle(reader.read(message), receivedAtMillis, receivedAtNanos);
            } catch (MalformedFrameException e) {
                log.warn("shard {}: unreadable gateway message ({}); reconnecting", shardLabel, e.getMessage());
                fire(new ShardEvent.ConnectionFailed(id, "unreadable message: " + e.getMessage()));
            } finally {
                MDC.remove("shard");
            }
        }

        private void handle(GatewayFrame frame, long receivedAtMillis, long receivedAtNanos) throws MalformedFrameException {
            Opcode op = frame.opcode();
            if (op == null || !op.sentByServer()) {
                log.debug("shard {}: ignoring op {}", shardLabel, frame.op());
                return;
            }
            switch (op) {
                case DISPATCH -> dispatch(frame, receivedAtMillis, receivedAtNanos);
                case HEARTBEAT -> fire(new ShardEvent.HeartbeatRequested(id));
                case HEARTBEAT_ACK -> {
                    heartbeatRttNanos = nanoTime.getAsLong() - heartbeatSentAtNanos;
                    fire(new ShardEvent.HeartbeatAcked(id));
                }
                case HELLO -> fire(new ShardEvent.HelloReceived(id, reader.heartbeatInterval(frame)));
                case RECONNECT -> fire(new ShardEvent.ReconnectRequested(id));
                case INVALID_SESSION -> fire(new ShardEvent.SessionInvalidated(id,
                        frame.dataKind() == GatewayFrame.DataKind.TRUE));
                default -> log.debug("shard {}: ignoring op {}", shardLabel, frame.op());
            }
        }

        private void dispatch(GatewayFrame frame, long receivedAtMillis, long receivedAtNanos) throws MalformedFrameException {
            String type = frame.type();
            if ("READY".equals(type)) {
                fire(new ShardEvent.ReadyReceived(id, frame.sequence(), reader.ready(frame)));
                return;
            }
            if ("RESUMED".equals(type)) {
                fire(new ShardEvent.ResumedReceived(id, frame.sequence()));
                return;
            }
            deliveryLock.lock();
            try {
                ShardAction.Deliver deliver = fire(new ShardEvent.DispatchReceived(id, frame.sequence()));
                if (deliver == null) {
                    log.debug("shard {}: not delivering {} seq {} (connection no longer current)", shardLabel, type,
                            frame.sequence());
                    return;
                }
                Session session = deliver.session();
                boolean knownAtReady = false;
                if ("GUILD_CREATE".equals(type) && !session.readyGuildIds().isEmpty()) {
                    String guildId = reader.dataId(frame);
                    knownAtReady = guildId != null && session.readyGuildIds().contains(guildId);
                }
                GatewayDispatch dispatch = new GatewayDispatch(options.shardId(), session.id(), frame.sequence(), type,
                        frame.data(), receivedAtMillis, receivedAtNanos, knownAtReady);
                try {
                    listener.onDispatch(dispatch);
                } catch (RuntimeException e) {
                    log.error("shard {}: listener failed on {} seq {}", shardLabel, type, frame.sequence(), e);
                    fire(new ShardEvent.DeliveryFailed(id, e.getClass().getSimpleName()));
                    return;
                }
                if (frame.hasSequence()) {
                    fire(new ShardEvent.DispatchDelivered(id, frame.sequence()));
                }
            } finally {
                deliveryLock.unlock();
            }
        }

        @Override
        public void onClosed(int code, String reason) {
            fire(new ShardEvent.ConnectionClosed(id, code, reason));
        }

        @Override
        public void onFailed(Throwable error) {
            fire(new ShardEvent.ConnectionFailed(id, describe(error)));
        }
    }

    // ---------------------------------------------------------------- options

    /** Collaborators and limits with named defaults; the session itself is in {@link ShardOptions}. */
    public static final class Builder {
        private final ShardOptions options;
        private final GatewayListener listener;
        private IdentifyLimiter identifyLimiter = InMemoryIdentifyLimiter.shared();
        private GatewayTransport transport;
        private GatewayScheduler scheduler = GatewayScheduler.shared();
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();
        private Backoff backoff;
        private int maxMessageBytes = GatewayTransport.DEFAULT_MAX_MESSAGE_BYTES;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

        private Builder(ShardOptions options, GatewayListener listener) {
            this.options = Objects.requireNonNull(options, "options");
            this.listener = Objects.requireNonNull(listener, "listener");
        }

        /** Default: {@link InMemoryIdentifyLimiter#shared()} (max_concurrency 1, this JVM only). */
        public Builder identifyLimiter(IdentifyLimiter limiter) {
            this.identifyLimiter = Objects.requireNonNull(limiter, "identifyLimiter");
            return this;
        }

        /** Default: JDK WebSocket with {@link #maxMessageBytes}. */
        public Builder transport(GatewayTransport gatewayTransport) {
            this.transport = Objects.requireNonNull(gatewayTransport, "transport");
            return this;
        }

        /** Default: {@link GatewayScheduler#shared()}. */
        public Builder scheduler(GatewayScheduler gatewayScheduler) {
            this.scheduler = Objects.requireNonNull(gatewayScheduler, "scheduler");
            return this;
        }

        /** Wall clock for {@link GatewayDispatch#receivedAtMillis()}. */
        public Builder clock(Clock wallClock) {
            this.clock = Objects.requireNonNull(wallClock, "clock");
            return this;
        }

        /** Monotonic time for heartbeat round trips and timeouts. */
        public Builder nanoTime(LongSupplier monotonic) {
            this.nanoTime = Objects.requireNonNull(monotonic, "nanoTime");
            return this;
        }

        /** Uniform numbers in [0, 1) for heartbeat and reconnect jitter. */
        public Builder random(DoubleSupplier uniform) {
            this.random = Objects.requireNonNull(uniform, "random");
            return this;
        }

        /** Default: {@link ShardStateMachine#DEFAULT_BACKOFF} (1 s doubling to 60 s, equal jitter). */
        public Builder backoff(Backoff reconnectBackoff) {
            this.backoff = Objects.requireNonNull(reconnectBackoff, "backoff");
            return this;
        }

        /** Largest (inflated) gateway message accepted; default 16 MiB. Ignored with a custom transport. */
        public Builder maxMessageBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + bytes);
            }
            this.maxMessageBytes = bytes;
            return this;
        }

        /** Time from starting a connection until HELLO must have arrived; default 30 s. */
        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = positive(timeout, "handshakeTimeout");
            return this;
        }

        /** Longest {@link #close()} blocks; default 10 s. */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        public GatewayShard build() {
            return new GatewayShard(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
            return d;
        }
    }
}
