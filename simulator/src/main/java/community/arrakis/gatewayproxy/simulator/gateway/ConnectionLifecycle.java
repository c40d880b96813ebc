package community.arrakis.gatewayproxy.simulator.gateway;

import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.Close;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.DetachSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.EndSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.ResumeSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.SendHeartbeatAck;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.SendInvalidSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.StartSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.ClientClosed;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.CommandReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.HeartbeatDeadlineMissed;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.HeartbeatReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.IdentifyReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.InvalidPayloadReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.ResumeReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.SendLimitExceeded;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.ServerCloseRequested;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.SessionInvalidationRequested;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.TransportLost;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.UndecodablePayloadReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionEvent.UnknownOpcodeReceived;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionState.Active;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionState.AwaitingIdentify;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionState.Closed;
import java.util.ArrayList;
import java.util.List;

/**
 * The server side of a gateway connection as a pure function from (state, event) to (state, actions).
 *
 * <p>Example: a connection in {@code AwaitingIdentify} receives a presence update (op 3). Nothing may
 * be sent before IDENTIFY, so the answer is {@code Closed(4003)} with a single {@code Close(4003)}.
 * The same op 3 in {@code Active} is accepted and changes nothing. A second IDENTIFY in
 * {@code Active(s)} closes with 4005 and detaches {@code s}, since 4005 leaves the session resumable.
 * Whether a close ends or keeps the session follows {@link CloseCode#sessionSurvives()}.
 */
public final class ConnectionLifecycle {
    private static final int ABNORMAL_CLOSURE = 1006;

    private ConnectionLifecycle() {
    }

    public static Transition next(ConnectionState state, ConnectionEvent event) {
        if (state instanceof Closed) {
            return Transition.stay(state);
        }
        return switch (event) {
            case HeartbeatReceived ignored -> Transition.stay(state, new SendHeartbeatAck());
            case IdentifyReceived identify -> onIdentify(state, identify.verdict());
            case ResumeReceived resume -> onResume(state, resume.verdict());
            case CommandReceived ignored -> state instanceof Active
                    ? Transition.stay(state)
                    : close(state, CloseCode.NOT_AUTHENTICATED);
            case UnknownOpcodeReceived ignored -> close(state, CloseCode.UNKNOWN_OPCODE);
            case InvalidPayloadReceived ignored -> close(state, CloseCode.UNKNOWN_OPCODE);
            case UndecodablePayloadReceived ignored -> close(state, CloseCode.DECODE_ERROR);
            case HeartbeatDeadlineMissed ignored -> close(state, CloseCode.SESSION_TIMED_OUT);
            case SendLimitExceeded ignored -> close(state, CloseCode.RATE_LIMITED);
            case ServerCloseRequested request -> close(state, request.code(), request.reason(),
                    CloseCode.sessionSurvives(request.code()));
            case SessionInvalidationRequested request -> onInvalidation(state, request.resumable());
            case ClientClosed closed -> gone(state, closed.code(), !CloseCode.clientCloseEndsSession(closed.code()));
            case TransportLost ignored -> gone(state, ABNORMAL_CLOSURE, true);
        };
    }

    private static Transition onIdentify(ConnectionState state, IdentifyVerdict verdict) {
        if (state instanceof Active) {
            return close(state, CloseCode.ALREADY_AUTHENTICATED);
        }
        return switch (verdict) {
            case IdentifyVerdict.Accepted accepted -> new Transition(new Active(accepted.sessionId()),
                    List.of(new StartSession(accepted.request(), accepted.sessionId())));
            case IdentifyVerdict.Rejected rejected -> close(state, rejected.code());
            case IdentifyVerdict.Throttled ignored -> Transition.stay(state, new SendInvalidSession(false));
        };
    }

    private static Transition onResume(ConnectionState state, ResumeVerdict verdict) {
        if (state instanceof Active) {
            return close(state, CloseCode.ALREADY_AUTHENTICATED);
        }
        return switch (verdict) {
            case ResumeVerdict.Resumable resumable -> new Transition(new Active(resumable.sessionId()),
                    List.of(new ResumeSession(resumable.sessionId(), resumable.seq())));
            case ResumeVerdict.BadToken ignored -> close(state, CloseCode.AUTHENTICATION_FAILED);
            case ResumeVerdict.InvalidSeq invalid -> new Transition(new Closed(CloseCode.INVALID_SEQ.code()),
                    List.of(new EndSession(invalid.sessionId()),
                            new Close(CloseCode.INVALID_SEQ.code(), CloseCode.INVALID_SEQ.reason())));
            case ResumeVerdict.Gone ignored -> Transition.stay(state, new SendInvalidSession(false));
        };
    }

    private static Transition onInvalidation(ConnectionState state, boolean resumable) {
        if (state instanceof Active active && !resumable) {
            return new Transition(new AwaitingIdentify(),
                    List.of(new EndSession(active.sessionId()), new SendInvalidSession(false)));
        }
        return Transition.stay(state, new SendInvalidSession(resumable));
    }

    private static Transition close(ConnectionState state, CloseCode code) {
        return close(state, code.code(), code.reason(), code.sessionSurvives());
    }

    private static Transition close(ConnectionState state, int code, String reason, boolean sessionSurvives) {
        List<ConnectionAction> actions = new ArrayList<>(releaseSession(state, sessionSurvives));
        actions.add(new Close(code, reason));
        return new Transition(new Closed(code), actions);
    }

    /** The peer already went away: nothing to send, only the session to keep or forget. */
    private static Transition gone(ConnectionState state, int code, boolean sessionSurvives) {
        return new Transition(new Closed(code), releaseSession(state, sessionSurvives));
    }

    private static List<ConnectionAction> releaseSession(ConnectionState state, boolean sessionSurvives) {
        if (state instanceof Active active) {
            return List.of(sessionSurvives ? new DetachSession(active.sessionId()) : new EndSession(active.sessionId()));
        }
        return List.of();
    }
}
