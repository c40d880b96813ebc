package community.arrakis.gatewayproxy.simulator.gateway;

import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.Close;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.DetachSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.EndSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.ResumeSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.SendHeartbeatAck;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.SendInvalidSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.StartSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.CommandReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.HeartbeatDeadlineMissed;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.HeartbeatReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.IdentifyReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.InvalidPayloadReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.ResumeReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.SendLimitExceeded;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.UndecodablePayloadReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.UnknownOpcodeReceived;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection: feeds what happens into {@link ConnectionLifecycle} and carries out the
 * actions it returns. All state changes go through {@link #apply} under this object's lock.
 */
public final class GatewayConnection {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConnection.class);

    private final long number;
    private final GatewayServer server;
    private final OutboundWriter writer;
    private final SendRateWindow sendRate;
    private ConnectionState state = new ConnectionState.AwaitingIdentify();
    private GatewaySession session;
    private ScheduledFuture<?> heartbeatDeadline;
    private volatile boolean acknowledgeHeartbeats = true;
    private boolean greeted;
    private final List<byte[]> beforeHello = new ArrayList<>();

    GatewayConnection(long number, GatewayServer server, Session socket, TransportCompression compression) {
        this.number = number;
        this.server = server;
        this.writer = new OutboundWriter(socket, compression.newEncoder(), server.writerExecutor());
        this.sendRate = new SendRateWindow(server.config().gatewaySendLimit(),
                server.config().gatewaySendWindow().toMillis());
    }

    /**
     * Sends HELLO and starts listening. Some clients (JDA) send IDENTIFY or RESUME without waiting for
     * HELLO; what arrived before it is handled now, in order, as if it had arrived just after.
     */
    void open() {
        List<byte[]> early;
        synchronized (this) {
            writer.text(Frames.hello(server.config().heartbeatInterval().toMillis()));
            greeted = true;
            early = List.copyOf(beforeHello);
            beforeHello.clear();
        }
        armHeartbeatDeadline();
        early.forEach(this::onPayload);
    }

    /** Closes right after HELLO: for connection parameters (version, encoding) Discord refuses. */
    void refuse(CloseCode code) {
        apply(new ConnectionEvent.ServerCloseRequested(code.code(), code.reason()));
    }

    void onPayload(byte[] utf8) {
        synchronized (this) {
            if (!greeted) {
                beforeHello.add(utf8);
                return;
            }
        }
        if (!sendRate.tryAcquire(System.currentTimeMillis())) {
            apply(new SendLimitExceeded());
            return;
        }
        ConnectionEvent event = switch (ClientFrameDecoder.decode(utf8)) {
            case ClientFrame.Heartbeat ignored -> {
                armHeartbeatDeadline();
                yield new HeartbeatReceived();
            }
            case ClientFrame.Identify identify -> new IdentifyReceived(awaitingIdentify()
                    ? server.identifyGate().check(identify.request())
                    : new IdentifyVerdict.Rejected(CloseCode.ALREADY_AUTHENTICATED));
            case ClientFrame.Resume resume -> new ResumeReceived(
                    server.resumeVerdict(resume.token(), resume.sessionId(), resume.seq()));
            case ClientFrame.Command command -> new CommandReceived(command.opcode());
            case ClientFrame.UnknownOpcode unknown -> new UnknownOpcodeReceived(unknown.op());
            case ClientFrame.InvalidPayload invalid -> new InvalidPayloadReceived(invalid.op());
            case ClientFrame.Undecodable ignored -> new UndecodablePayloadReceived();
        };
        apply(event);
    }

    void apply(ConnectionEvent event) {
        synchronized (this) {
            ConnectionState before = state;
            Transition transition = ConnectionLifecycle.next(state, event);
            state = transition.next();
            if (!before.equals(state)) {
                LOG.debug("Connection {}: {} on {} -> {}", number, before, event.getClass().getSimpleName(), state);
            }
            transition.actions().forEach(this::perform);
            if (state instanceof ConnectionState.Closed) {
                cancelHeartbeatDeadline();
            }
        }
    }

    private void perform(ConnectionAction action) {
        switch (action) {
            case SendHeartbeatAck ignored -> {
                if (acknowledgeHeartbeats) {
                    writer.text(Frames.heartbeatAck());
                }
            }
            case StartSession start -> session = server.startSession(this, start.request(), start.sessionId());
            case ResumeSession resume -> session = server.resumeSession(this, resume.sessionId(), resume.seq());
            case SendInvalidSession invalid -> writer.text(Frames.invalidSession(invalid.resumable()));
            case Close close -> writer.close(close.code(), close.reason());
            case DetachSession detach -> {
                server.detachSession(detach.sessionId(), this);
                session = null;
            }
            case EndSession end -> {
                server.endSession(end.sessionId());
                session = null;
            }
        }
    }

    synchronized boolean awaitingIdentify() {
        return state instanceof ConnectionState.AwaitingIdentify;
    }

    public synchronized ConnectionState state() {
        return state;
    }

    synchronized GatewaySession session() {
        return session;
    }

    void sendFrame(String frame) {
        writer.text(frame);
    }

    void requestHeartbeat() {
        writer.text(Frames.heartbeatRequest());
    }

    void requestReconnect() {
        writer.text(Frames.reconnect());
    }

    void acknowledgeHeartbeats(boolean acknowledge) {
        acknowledgeHeartbeats = acknowledge;
    }

    /** Simulates a network failure: the socket goes away without a close frame. */
    void drop() {
        apply(new ConnectionEvent.TransportLost());
        writer.drop();
    }

    long number() {
        return number;
    }

    private void armHeartbeatDeadline() {
        synchronized (this) {
            cancelHeartbeatDeadline();
            if (state instanceof ConnectionState.Closed) {
                return;
            }
            // One and a half intervals: a heartbeat is due every interval, the rest is jitter and latency.
            long graceMillis = server.config().heartbeatInterval().toMillis() * 3 / 2;
            heartbeatDeadline = server.scheduler().schedule(() -> guarded(() -> apply(new HeartbeatDeadlineMissed())),
                    graceMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancelHeartbeatDeadline() {
        if (heartbeatDeadline != null) {
            heartbeatDeadline.cancel(false);
            heartbeatDeadline = null;
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Gateway timer task failed", e);
        }
    }
}
