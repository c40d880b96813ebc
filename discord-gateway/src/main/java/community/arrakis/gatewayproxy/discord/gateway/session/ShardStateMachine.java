package community.arrakis.gatewayproxy.discord.gateway.session;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.discord.gateway.protocol.CloseCode;
import community.arrakis.gatewayproxy.discord.gateway.protocol.Recovery;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.Close;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.Connect;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.Deliver;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.ReportSessionStarted;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.RequestIdentifyPermit;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.ScheduleReconnect;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.SendHeartbeat;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.SendIdentify;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.SendResume;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.StartHeartbeat;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardEvent.*;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardState.*;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * A shard's life cycle as one pure function, {@link #next(ShardState, ShardEvent)}: no sockets,
 * threads or clocks, so every path (zombie, op 7, op 9, each close code) is unit-tested directly.
 *
 * <p>The happy path: {@code Idle --start--> Connecting --HELLO--> AwaitingIdentifyPermit
 * --permit--> Identifying --READY--> Ready}, or with a session {@code Connecting --HELLO-->
 * Resuming --RESUMED--> Ready}. Every way a connection can end goes through {@link #lost}, which is
 * the one place that decides <em>how</em> to come back (from the {@link Recovery} of the cause) and
 * <em>how long</em> to wait:
 * <ul>
 *   <li>the first resume after a working session goes at once: the session is fresh and the
 *       sooner we resume, the shorter the replay;</li>
 *   <li>every later attempt waits {@link Backoff#delay} of the number of attempts since the
 *       last READY/RESUMED, which is what resets the count;</li>
 *   <li>a new session after op 9 waits at least a random 1–5 s, as the gateway docs once asked
 *       ("Invalid Session"), so a fleet invalidated together does not re-identify together.</li>
 * </ul>
 * Heartbeats go on while the listener is busy with a dispatch (the reading thread is then
 * paused on purpose); an ACK missing during that time does not count as a zombie, and any
 * dispatch read counts as proof of life, as an ACK would.
 *
 * <p>Events of a connection the machine has already left (a late close of the previous socket, a
 * heartbeat timer that raced its cancellation) are recognised by connection id and ignored.
 */
public final class ShardStateMachine {

    /** Reconnect delays unless told otherwise: 1 s doubling to 60 s, equal jitter. */
    public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60),
            Backoff.Jitter.EQUAL);

    private static final Duration MIN_IDENTIFY_WAIT = Duration.ofSeconds(1);
    private static final Duration MAX_IDENTIFY_WAIT = Duration.ofSeconds(5);

    private final URI gatewayUrl;
    private final TransportCompression compression;
    private final Backoff backoff;
    private final DoubleSupplier random;

    /**
     * @param gatewayUrl the URL to identify against (from {@code GET /gateway/bot}), without query
     * @param compression the transport compression to ask for
     * @param backoff    reconnect delays
     * @param random     uniform numbers in [0, 1) for heartbeat jitter, the reconnect delays' jitter
     *                   and the wait after op 9
     */
    public ShardStateMachine(URI gatewayUrl, TransportCompression compression, Backoff backoff, DoubleSupplier random) {
        this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        this.compression = java.util.Objects.requireNonNull(compression, "compression");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.random = Objects.requireNonNull(random, "random");
    }

    public Transition next(ShardState state, ShardEvent event) {
        return switch (event) {
            case StartRequested e -> start(state);
            case StopRequested e -> stop(state, e.invalidate());
            case ReconnectDue e -> state instanceof Reconnecting r ? connect(r.session(), r.attempt(), r.lastConnectionId())
                    : Transition.stay(state);
            case OnConnection e -> onConnection(state, e);
        };
    }

    private Transition start(ShardState state) {
        if (!(state instanceof Idle idle)) {
            return Transition.stay(state);
        }
        return connect(idle.session(), 0, 0);
    }

    private Transition connect(Session session, int attempt, long lastConnectionId) {
        long id = lastConnectionId + 1;
        boolean resume = session != null;
        URI url = connectUrl(resume && session.resumeUrl() != null ? session.resumeUrl() : gatewayUrl.toString());
        String why = resume
                ? "connecting to resume session " + session.id() + " at sequence " + session.sequence()
                : "connecting to start a new session";
        return Transition.to(new Connecting(new Link(id, session, attempt)), why, new Connect(id, url));
    }

    private Transition stop(ShardState state, boolean invalidate) {
        if (state instanceof Stopped) {
            return Transition.stay(state);
        }
        String why = invalidate ? "closed by its owner; session invalidated" : "closed by its owner; session kept for resuming";
        // an invalidated session must not be offered for resuming by anyone
        Session kept = invalidate ? null : state.session();
        Stopped stopped = new Stopped(kept, why, state.lastConnectionId());
        if (state instanceof Linked linked) {
            int code = invalidate ? CloseCode.INVALIDATING_CLIENT_CLOSE : CloseCode.RESUMABLE_CLIENT_CLOSE;
            return Transition.to(stopped, why, new Close(linked.link().connectionId(), code, "shutting down"));
        }
        return Transition.to(stopped, why);
    }

    private Transition onConnection(ShardState state, OnConnection event) {
        if (!(state instanceof Linked linked) || linked.link().connectionId() != event.connectionId()) {
            // a socket we no longer want finished opening: close it so it does not linger
            if (event instanceof SocketOpened opened) {
                return new Transition(state, List.of(new Close(opened.connectionId(),
                        CloseCode.RESUMABLE_CLIENT_CLOSE, "superseded")), null);
            }
            return Transition.stay(state);
        }
        Link link = linked.link();
        long id = link.connectionId();
        return switch (event) {
            case SocketOpened e -> Transition.stay(state);
            case ConnectFailed e -> lost(link, Recovery.RESUME, "could not connect: " + e.error(), false, -1);
            case HelloTimedOut e -> state instanceof Connecting
                    ? lost(link, Recovery.RESUME, "no HELLO arrived in time", false, CloseCode.RESUMABLE_CLIENT_CLOSE)
                    : Transition.stay(state);
            case HelloReceived e -> hello(state, link, e.heartbeatIntervalMillis());
            case IdentifyPermitted e -> state instanceof AwaitingIdentifyPermit
                    ? Transition.to(new Identifying(link), "identify slot granted; sending IDENTIFY", new SendIdentify(id))
                    : Transition.stay(state);
            case HeartbeatDue e -> heartbeatDue(state, link);
            case HeartbeatRequested e -> state instanceof Connecting
                    ? Transition.stay(state)
                    : new Transition(withLink(state, link.withAckPending(true)),
                            List.of(new SendHeartbeat(id, link.sequence())), null);
            case HeartbeatAcked e -> Transition.stay(withLink(state, link.withAckPending(false)));
            case ReadyReceived e -> ready(state, link, e);
            case ResumedReceived e -> resumed(state, link, e);
            // a dispatch proves the link alive as well as an ACK would (the ACK may be queued behind it)
            case DispatchReceived e -> (state instanceof Resuming || state instanceof Ready) && link.session() != null
                    ? new Transition(withLink(state, link.withAckPending(false).withDelivering(true)),
                            List.of(new Deliver(id, link.session())), null)
                    : Transition.stay(state);
            case DispatchDelivered e -> (state instanceof Resuming || state instanceof Ready) && link.session() != null
                    ? Transition.stay(withLink(state,
                            link.withSession(link.session().withSequence(e.sequence())).withDelivering(false)))
                    : Transition.stay(withLink(state, link.withDelivering(false)));
            case DeliveryFailed e -> lost(link, Recovery.RESUME,
                    "the listener failed on a dispatch (" + e.error() + "); resuming to receive it again", false,
                    CloseCode.RESUMABLE_CLIENT_CLOSE);
            case ReconnectRequested e -> lost(link, Recovery.RESUME, "Discord asked to reconnect (op 7)", false,
                    CloseCode.RESUMABLE_CLIENT_CLOSE);
            case SessionInvalidated e -> e.resumable() && link.session() != null
                    ? lost(link, Recovery.RESUME, "invalid session (op 9, resumable)", true, CloseCode.RESUMABLE_CLIENT_CLOSE)
                    : lost(link, Recovery.NEW_SESSION, "invalid session (op 9" + (e.resumable() ? ", resumable, but no session yet" : "")
                            + ")", true, CloseCode.INVALIDATING_CLIENT_CLOSE);
            case ConnectionClosed e -> closed(link, e);
            case ConnectionFailed e -> lost(link, Recovery.RESUME, "connection lost: " + e.error(), false,
                    CloseCode.RESUMABLE_CLIENT_CLOSE);
        };
    }

    private Transition hello(ShardState state, Link link, long intervalMillis) {
        if (!(state instanceof Connecting)) {
            return Transition.stay(state);
        }
        long id = link.connectionId();
        Duration interval = Duration.ofMillis(intervalMillis);
        // the first beat is jittered so shards that connected together do not beat together
        Duration first = Duration.ofMillis((long) (intervalMillis * random.getAsDouble()));
        StartHeartbeat beat = new StartHeartbeat(id, first, interval);
        Session session = link.session();
        if (session != null) {
            return Transition.to(new Resuming(link), "HELLO received; resuming session " + session.id()
                    + " from sequence " + session.sequence(), beat, new SendResume(id, session.toResumeState()));
        }
        return Transition.to(new AwaitingIdentifyPermit(link), "HELLO received; waiting for an identify slot",
                beat, new RequestIdentifyPermit(id));
    }

    private Transition heartbeatDue(ShardState state, Link link) {
        if (state instanceof Connecting) {
            return Transition.stay(state);
        }
        if (link.ackPending() && !link.delivering()) {
            // the zombie rule: the previous beat was never acknowledged, so the link is dead even if
            // TCP has not noticed; close with a non-1000 code so the session survives, then resume.
            // Not while the listener holds a dispatch: we are not reading then, so the ACK may be
            // sitting unread in the socket; that pause is our backpressure, not a dead link.
            return lost(link, Recovery.RESUME, "no heartbeat ACK before the next beat (zombie connection)", false,
                    CloseCode.RESUMABLE_CLIENT_CLOSE);
        }
        return new Transition(withLink(state, link.withAckPending(true)),
                List.of(new SendHeartbeat(link.connectionId(), link.sequence())), null);
    }

    private Transition ready(ShardState state, Link link, ReadyReceived event) {
        if (!(state instanceof Identifying)) {
            return Transition.stay(state);
        }
        Session session = new Session(event.ready().sessionId(), event.ready().resumeGatewayUrl(), event.sequence(),
                event.ready().guildIds());
        return Transition.to(new Ready(link.established(session)),
                "READY: session " + session.id() + " started with " + session.readyGuildIds().size() + " guilds",
                new ReportSessionStarted(session.toResumeState()));
    }

    private Transition resumed(ShardState state, Link link, ResumedReceived event) {
        if (!(state instanceof Resuming) || link.session() == null) {
            return Transition.stay(state);
        }
        Session session = event.sequence() >= 0 ? link.session().withSequence(event.sequence()) : link.session();
        return Transition.to(new Ready(link.established(session)),
                "RESUMED: session " + session.id() + " resumed, replay complete at sequence " + session.sequence());
    }

    private Transition closed(Link link, ConnectionClosed event) {
        Recovery recovery = CloseCode.recoveryFor(event.code());
        String what = CloseCode.isDrop(event.code()) ? "connection dropped without a close frame"
                : "closed by Discord: " + CloseCode.describe(event.code());
        if (recovery == Recovery.STOP) {
            String why = what + "; not reconnecting, fix the configuration and restart";
            // a session can outlive a fatal close (e.g. intents), but it cannot be used by this token
            return Transition.to(new Stopped(link.session(), why, link.connectionId()), why,
                    new Close(link.connectionId(), CloseCode.RESUMABLE_CLIENT_CLOSE, "fatal close"));
        }
        return lost(link, recovery, what, false, CloseCode.RESUMABLE_CLIENT_CLOSE);
    }

    /**
     * The connection is gone or being abandoned: close it (when {@code closeCode >= 0}), decide the
     * session to come back with, and schedule the reconnect.
     */
    private Transition lost(Link link, Recovery recovery, String what, boolean afterInvalidSession, int closeCode) {
        Session session = recovery == Recovery.NEW_SESSION ? null : link.session();
        int attempt = link.attempt();
        Duration delay = session != null && attempt == 0 ? Duration.ZERO : backoff.delay(attempt + 1, random);
        if (afterInvalidSession && session == null) {
            Duration wait = MIN_IDENTIFY_WAIT.plusMillis(
                    (long) (MAX_IDENTIFY_WAIT.minus(MIN_IDENTIFY_WAIT).toMillis() * random.getAsDouble()));
            delay = wait.compareTo(delay) > 0 ? wait : delay;
        }
        List<ShardAction> actions = new ArrayList<>(2);
        // always close, even an already failed socket: Close also stops that connection's heartbeats
        actions.add(new Close(link.connectionId(), closeCode >= 0 ? closeCode : CloseCode.RESUMABLE_CLIENT_CLOSE, "reconnecting"));
        actions.add(new ScheduleReconnect(delay));
        String how = session != null ? "resuming" : "starting a new session";
        String why = what + "; " + how + " in " + delay.toMillis() + " ms (attempt " + (attempt + 1) + ")";
        return new Transition(new Reconnecting(session, attempt + 1, link.connectionId()), actions, why);
    }

    private static ShardState withLink(ShardState state, Link link) {
        return switch (state) {
            case Connecting s -> new Connecting(link);
            case AwaitingIdentifyPermit s -> new AwaitingIdentifyPermit(link);
            case Identifying s -> new Identifying(link);
            case Resuming s -> new Resuming(link);
            case Ready s -> new Ready(link);
            default -> state;
        };
    }

    /**
     * {@code <base>/?v=10&encoding=json[&compress=zlib-stream|zstd-stream]}. A base with a path (a simulator's
     * {@code ws://host:port/gateway}) keeps it; a bare host gets {@code /}, as Discord's URLs do.
     */
    URI connectUrl(String base) {
        try {
            URI uri = new URI(base);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = "v=10&encoding=json"
                    + (compression == TransportCompression.NONE ? "" : "&compress=" + compression.wireName());
            return new URI(uri.getScheme() + "://" + uri.getRawAuthority() + path + "?" + query);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a gateway URL: " + base, e);
        }
    }
}
