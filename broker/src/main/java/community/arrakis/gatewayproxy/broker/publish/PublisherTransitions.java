package community.arrakis.gatewayproxy.broker.publish;

import community.arrakis.gatewayproxy.broker.publish.PublisherAction.FailOutstandingAndClose;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.ReopenChannel;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.ReportBlocked;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.ReportChannelLost;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.ReportReopenFailed;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.RequeueUnconfirmed;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.Resend;
import community.arrakis.gatewayproxy.broker.publish.PublisherAction.ResendCause;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.ChannelLost;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.ChannelReopened;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.CloseRequested;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.ConnectionBlocked;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.ConnectionUnblocked;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.RecoveryCompleted;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.RecoveryStarted;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.ReopenFailed;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.ResendFinished;
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.SendFailed;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.AwaitingRecovery;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Blocked;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Closed;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Open;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Orphaned;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Reopening;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Resending;
import community.arrakis.gatewayproxy.broker.publish.PublisherState.Stalled;

/**
 * A confirming publisher's life cycle as one pure function, {@link #next}: no channel, thread or
 * clock, so every path (a loss during a block, a block during a recovery, a close at any point) is
 * unit-tested directly.
 *
 * <pre>
 *            ┌──────── blocked ────────▶ Blocked ──unblocked──┐
 *            │                                                ▼
 *  Open ─────┼── connection lost ──▶ AwaitingRecovery ──recovered──▶ Resending ──all sent──▶ Open
 *   ▲        ├── channel lost ─────▶ Reopening ───────reopened────▶ Resending
 *   │        ├── send failed ──────▶ Stalled ──(its loss)──▶ AwaitingRecovery | Reopening
 *   │        └── closed under it ──▶ Orphaned
 *   └────────────────────────────────────────────────────────────────── (every state) ──close──▶ Closed
 * </pre>
 *
 * <p>The odd cases, decided here once:
 * <ul>
 *   <li><b>blocked during a recovery</b>: the client re-attaches the blocked listener to the new
 *       connection before it recovers the channel, so the broker may block the new connection
 *       first. The block is remembered; when the channel is back, what was unconfirmed is requeued
 *       but nothing is sent until the broker unblocks.</li>
 *   <li><b>a block, then a connection loss</b>: a block belongs to a connection, and the broker
 *       never unblocks a connection that is gone, so a connection recovery forgets it (were it
 *       kept, the publisher would hold forever after a node restart during an alarm). If the alarm
 *       still holds, the broker blocks the new connection at its first publish.</li>
 *   <li><b>a close during a recovery</b>: the recovery's later news is ignored; nothing is resent.</li>
 *   <li><b>a nack while blocked</b>: the nacked messages are resent like any message published in
 *       the state ({@link PublisherState#fate()}): held while blocked, sent when unblocked.</li>
 * </ul>
 */
public final class PublisherTransitions {

    private PublisherTransitions() {
    }

    /** The state a new publisher starts in, on its first channel. */
    public static PublisherState initial() {
        return new Open(1);
    }

    public static Transition next(PublisherState state, PublisherEvent event) {
        if (state instanceof Closed) {
            return Transition.stay(state);
        }
        return switch (event) {
            case CloseRequested e -> Transition.to(new Closed(), new FailOutstandingAndClose());
            case ConnectionBlocked e -> blocked(state, e.reason());
            case ConnectionUnblocked e -> unblocked(state);
            case ChannelLost e -> e.channel() == state.channel() ? lost(state, e) : Transition.stay(state);
            case RecoveryStarted e -> e.channel() == state.channel() ? recoveryStarted(state) : Transition.stay(state);
            case RecoveryCompleted e -> e.channel() == state.channel() ? recovered(state) : Transition.stay(state);
            case ChannelReopened e -> reopened(state, e.channel());
            case ReopenFailed e -> state instanceof Reopening r
                    ? Transition.to(new AwaitingRecovery(r.channel(), r.blockedBy()), new ReportReopenFailed(e.reason()))
                    : Transition.stay(state);
            case SendFailed e -> state instanceof Open && e.channel() == state.channel()
                    ? Transition.to(new Stalled(state.channel()))
                    : Transition.stay(state); // a late failure on a channel already known lost, blocked or replaced
            case ResendFinished e -> state instanceof Resending && e.channel() == state.channel()
                    ? Transition.to(e.complete() ? new Open(state.channel()) : new Stalled(state.channel()))
                    : Transition.stay(state); // a block or a loss stopped it; that state's way back resends the rest
        };
    }

    private static Transition blocked(PublisherState state, String reason) {
        return switch (state) {
            case AwaitingRecovery s -> Transition.to(new AwaitingRecovery(s.channel(), reason), new ReportBlocked(reason));
            case Reopening s -> Transition.to(new Reopening(s.channel(), reason), new ReportBlocked(reason));
            case Orphaned s -> Transition.stay(s); // a connection closed for good cannot be blocked
            default -> Transition.to(new Blocked(state.channel(), reason), new ReportBlocked(reason));
        };
    }

    private static Transition unblocked(PublisherState state) {
        return switch (state) {
            case Blocked s -> Transition.to(new Resending(s.channel()), new Resend(s.channel(), ResendCause.UNBLOCKED));
            case AwaitingRecovery s -> Transition.stay(new AwaitingRecovery(s.channel(), null));
            case Reopening s -> Transition.stay(new Reopening(s.channel(), null));
            default -> Transition.stay(state);
        };
    }

    private static Transition lost(PublisherState state, ChannelLost event) {
        ReportChannelLost report = new ReportChannelLost(event.reason(), event.loss());
        int channel = state.channel();
        return switch (event.loss()) {
            // a block belongs to the connection that is gone (see the class comment)
            case CONNECTION_RECOVERING -> Transition.to(new AwaitingRecovery(channel, null), report);
            case CONNECTION_CLOSED_BY_APPLICATION -> Transition.to(new Orphaned(channel), report);
            // the connection lives on, and so does its block
            case CHANNEL_ONLY -> Transition.to(new Reopening(channel, blockedBy(state)), report, new ReopenChannel());
        };
    }

    private static Transition recoveryStarted(PublisherState state) {
        return switch (state) {
            case AwaitingRecovery s -> Transition.stay(s);
            case Orphaned s -> Transition.stay(s);
            // the client found the connection lost before its loss reached us (or while we were
            // replacing the channel): the channel comes back with the connection
            default -> Transition.to(new AwaitingRecovery(state.channel(), null));
        };
    }

    private static Transition recovered(PublisherState state) {
        return switch (state) {
            case Orphaned s -> Transition.stay(s);
            case AwaitingRecovery s when s.blockedBy() != null ->
                    Transition.to(new Blocked(s.channel(), s.blockedBy()), new RequeueUnconfirmed(ResendCause.CONNECTION_RECOVERED));
            default -> Transition.to(new Resending(state.channel()), new Resend(state.channel(), ResendCause.CONNECTION_RECOVERED));
        };
    }

    private static Transition reopened(PublisherState state, int channel) {
        // wanted while replacing a channel, or while the client recovers one (ours came first);
        // otherwise (closed, or recovered meanwhile) the driver closes the channel it opened
        if (!(state instanceof Reopening || state instanceof AwaitingRecovery)) {
            return Transition.stay(state);
        }
        String blockedBy = blockedBy(state);
        return blockedBy != null
                ? Transition.to(new Blocked(channel, blockedBy), new RequeueUnconfirmed(ResendCause.CHANNEL_REOPENED))
                : Transition.to(new Resending(channel), new Resend(channel, ResendCause.CHANNEL_REOPENED));
    }

    private static String blockedBy(PublisherState state) {
        return switch (state) {
            case Blocked s -> s.reason();
            case AwaitingRecovery s -> s.blockedBy();
            case Reopening s -> s.blockedBy();
            default -> null;
        };
    }
}
