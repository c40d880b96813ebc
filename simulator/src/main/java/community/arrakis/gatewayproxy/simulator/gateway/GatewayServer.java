package community.arrakis.gatewayproxy.simulator.gateway;

import community.arrakis.gatewayproxy.simulator.Delivery;
import community.arrakis.gatewayproxy.simulator.DispatchLog;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedDispatch;
import community.arrakis.gatewayproxy.simulator.SimulatorClock;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.Snowflake;
import community.arrakis.gatewayproxy.simulator.World;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway endpoint: accepts connections at {@code /gateway} and {@code /gateway-resume}, owns
 * the sessions, and fans events out to the sessions of the shard that owns each guild.
 */
public final class GatewayServer implements AutoCloseable {
    public static final String PATH = "/gateway";
    public static final String RESUME_PATH = "/gateway-resume";
    public static final int API_VERSION = 10;

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    private static final String CONNECTION_ATTRIBUTE = "arrakis.connection";

    private final SimulatorConfig config;
    private final World world;
    private final SimulatorClock clock;
    private final DispatchLog dispatchLog;
    private final IdentifyGate identifyGate;
    private final SessionRegistry sessions;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService writerExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Long, GatewayConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private volatile String resumeGatewayUrl = "";
    private volatile long helloHeldUntilNanos = System.nanoTime();

    public GatewayServer(SimulatorConfig config, World world, SimulatorClock clock, DispatchLog dispatchLog) {
        this.config = config;
        this.world = world;
        this.clock = clock;
        this.dispatchLog = dispatchLog;
        this.identifyGate = new IdentifyGate(config, world, clock);
        this.sessions = new SessionRegistry(config.resumeWindow().toMillis());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "simulator-gateway-timer");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::expireSessions, 1, 1, TimeUnit.SECONDS);
    }

    public void mount(Javalin app) {
        app.ws(PATH, this::configure);
        app.ws(RESUME_PATH, this::configure);
    }

    /** Called once the port is known. */
    public void resumeGatewayUrl(String url) {
        this.resumeGatewayUrl = url;
    }

    private void configure(WsConfig ws) {
        ws.onConnect(this::onConnect);
        ws.onMessage(ctx -> connection(ctx).onPayload(ctx.message().getBytes(StandardCharsets.UTF_8)));
        ws.onBinaryMessage(ctx -> connection(ctx).onPayload(
                Arrays.copyOfRange(ctx.data(), ctx.offset(), ctx.offset() + ctx.length())));
        ws.onClose(ctx -> {
            GatewayConnection connection = ctx.attribute(CONNECTION_ATTRIBUTE);
            if (connection != null) {
                connection.apply(ctx.status() == 1006 ? new ConnectionEvent.TransportLost()
                        : new ConnectionEvent.ClientClosed(ctx.status()));
                connections.remove(connection.number());
            }
        });
        ws.onError(ctx -> {
            GatewayConnection connection = ctx.attribute(CONNECTION_ATTRIBUTE);
            if (connection != null) {
                connection.apply(new ConnectionEvent.TransportLost());
            }
        });
    }

    private void onConnect(WsContext ctx) {
        ctx.session.setIdleTimeout(java.time.Duration.ofMinutes(10));
        ctx.session.getPolicy().setMaxTextMessageSize(1 << 20);
        ctx.session.getPolicy().setMaxBinaryMessageSize(1 << 20);
        TransportCompression compression = TransportCompression.fromQuery(ctx.queryParam("compress"));
        GatewayConnection connection = new GatewayConnection(connectionNumbers.incrementAndGet(), this, ctx.session,
                compression);
        ctx.attribute(CONNECTION_ATTRIBUTE, connection);
        connections.put(connection.number(), connection);
        String version = ctx.queryParam("v");
        String encoding = ctx.queryParam("encoding");
        Runnable greet = () -> {
            connection.open();
            if (!String.valueOf(API_VERSION).equals(version)) {
                connection.refuse(CloseCode.INVALID_API_VERSION);
            } else if (encoding != null && !"json".equals(encoding)) {
                // ETF is not simulated; refusing loudly beats sending JSON to a client that expects ETF.
                connection.refuse(CloseCode.DECODE_ERROR);
            }
        };
        long holdNanos = helloHeldUntilNanos - System.nanoTime();
        if (holdNanos > 0) {
            scheduler.schedule(greet, holdNanos, TimeUnit.NANOSECONDS);
        } else {
            greet.run();
        }
    }

    /** Fault: connections opened during the next {@code duration} get HELLO only when it has passed. */
    public void holdHello(java.time.Duration duration) {
        helloHeldUntilNanos = System.nanoTime() + duration.toNanos();
    }

    private static GatewayConnection connection(WsContext ctx) {
        return ctx.attribute(CONNECTION_ATTRIBUTE);
    }

    // ---- session life cycle, called by connections ----

    GatewaySession startSession(GatewayConnection connection, IdentifyRequest request, String sessionId) {
        GatewaySession session = new GatewaySession(sessionId, request, config.replayBufferSize());
        List<Guild> guilds = world.guilds().stream()
                .filter(g -> Snowflake.shardOf(g.id(), request.shardCount()) == request.shardId()).toList();
        synchronized (session) {
            session.attach(connection);
            sessions.add(session);
            record(session, session.dispatch("READY", Json.write(ready(request, sessionId, guilds))), "READY", null,
                    sessionId);
            if ((request.intents() & Intents.GUILDS) != 0) {
                boolean allMembers = (request.intents() & Intents.GUILD_PRESENCES) != 0;
                for (Guild guild : guilds) {
                    String data = Json.write(Payloads.guildCreate(guild, world.bot(), world.application().id(), allMembers));
                    record(session, session.dispatch("GUILD_CREATE", data), "GUILD_CREATE", guild.id(), guild.id());
                }
            }
        }
        LOG.info("Shard [{}, {}] identified; session {} started with {} guilds", request.shardId(),
                request.shardCount(), sessionId, guilds.size());
        return session;
    }

    GatewaySession resumeSession(GatewayConnection connection, String sessionId, long seq) {
        GatewaySession session = sessions.find(sessionId).orElseThrow();
        GatewaySession.Resumed resumed = session.resumeOn(connection, seq);
        record(session, resumed.resumedSeq(), "RESUMED", null, sessionId);
        if (resumed.previous() != null) {
            scheduler.execute(resumed.previous()::drop);
        }
        LOG.info("Shard [{}, {}] resumed session {}: replayed {} dispatches", session.shardId(), session.shardCount(),
                sessionId, resumed.replayed());
        return session;
    }

    void detachSession(String sessionId, GatewayConnection from) {
        sessions.find(sessionId).ifPresent(s -> s.detach(from, clock.millis()));
    }

    void endSession(String sessionId) {
        sessions.end(sessionId);
    }

    ResumeVerdict resumeVerdict(String token, String sessionId, long seq) {
        if (!config.botToken().equals(token)) {
            return new ResumeVerdict.BadToken();
        }
        return sessions.resumeVerdict(sessionId, seq, clock.millis());
    }

    private ObjectNode ready(IdentifyRequest request, String sessionId, List<Guild> guilds) {
        ObjectNode ready = Json.object().put("v", API_VERSION);
        ready.set("user", Payloads.user(world.bot()));
        ArrayNode stubs = ready.putArray("guilds");
        guilds.forEach(g -> stubs.addObject().put("id", g.id()).put("unavailable", true));
        ready.put("session_id", sessionId).put("session_type", "normal").put("resume_gateway_url", resumeGatewayUrl);
        if (request.shardGiven()) {
            ready.putArray("shard").add(request.shardId()).add(request.shardCount());
        }
        ready.putObject("application").put("id", world.application().id()).put("flags", world.application().flags());
        ready.putArray("private_channels");
        ready.putArray("presences");
        ready.putArray("relationships");
        ready.putArray("guild_join_requests");
        ready.putObject("user_settings");
        ready.putArray("geo_ordered_rtc_regions").add("local");
        ready.putObject("auth");
        ready.putArray("_trace").add("[\"arrakis-simulator\",{\"micros\":0}]");
        return ready;
    }

    // ---- dispatch ----

    /** Sends the event to every session whose shard owns {@code dispatch.guildId()} and whose intents allow it. */
    public List<Delivery> dispatch(Dispatch dispatch) {
        long required = dispatch.requiredIntent();
        List<Delivery> deliveries = new ArrayList<>();
        for (GatewaySession session : sessions.routeFor(dispatch.guildId())) {
            if (required != 0 && (session.intents() & required) == 0) {
                continue;
            }
            boolean connected = session.connected();
            long seq = session.dispatch(dispatch.type(), dispatch.dataFor(session.intents()));
            if (seq > 0) {
                record(session, seq, dispatch.type(), dispatch.guildId(), dispatch.entityId());
                deliveries.add(new Delivery(session.shardId(), session.shardCount(), session.id(), seq, connected));
            }
        }
        return deliveries;
    }

    private void record(GatewaySession session, long seq, String type, String guildId, String entityId) {
        if (config.recordDispatches() && seq > 0) {
            dispatchLog.add(new RecordedDispatch(session.shardId(), session.shardCount(), session.id(), seq, type,
                    guildId, entityId, clock.instant()));
        }
    }

    // ---- faults ----

    /** Applies {@code fault} to the connected connections of {@code shardId}, or of every shard when null. */
    public int onConnections(Integer shardId, Consumer<GatewayConnection> fault) {
        List<GatewayConnection> targets = connections.values().stream()
                .filter(c -> {
                    GatewaySession s = c.session();
                    return s != null && (shardId == null || s.shardId() == shardId);
                }).toList();
        targets.forEach(fault);
        return targets.size();
    }

    public int stopHeartbeatAcks(Integer shardId, boolean stop) {
        return onConnections(shardId, c -> c.acknowledgeHeartbeats(!stop));
    }

    public int requestHeartbeat(Integer shardId) {
        return onConnections(shardId, GatewayConnection::requestHeartbeat);
    }

    public int requestReconnect(Integer shardId) {
        return onConnections(shardId, GatewayConnection::requestReconnect);
    }

    public int invalidateSession(Integer shardId, boolean resumable) {
        return onConnections(shardId, c -> c.apply(new ConnectionEvent.SessionInvalidationRequested(resumable)));
    }

    public int close(Integer shardId, int code, String reason) {
        return onConnections(shardId, c -> c.apply(new ConnectionEvent.ServerCloseRequested(code, reason)));
    }

    public int drop(Integer shardId) {
        return onConnections(shardId, GatewayConnection::drop);
    }

    /** Sessions that a RESUME could continue, connected or not. */
    public List<SessionView> sessions() {
        return sessions.all().stream()
                .map(s -> new SessionView(s.id(), s.shardId(), s.shardCount(), s.intents(), s.lastSeq(), s.connected()))
                .toList();
    }

    public record SessionView(String sessionId, int shardId, int shardCount, long intents, long lastSeq,
                              boolean connected) { }

    public IdentifyGate identifyGate() {
        return identifyGate;
    }

    SimulatorConfig config() {
        return config;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    ExecutorService writerExecutor() {
        return writerExecutor;
    }

    private void expireSessions() {
        try {
            sessions.expire(clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("Session expiry failed", e);
        }
    }

    @Override
    public void close() {
        connections.values().forEach(c -> c.apply(new ConnectionEvent.ServerCloseRequested(1001, "Simulator stopping")));
        scheduler.shutdownNow();
        writerExecutor.shutdown();
    }
}
