package community.arrakis.gatewayproxy.broker.publish;

import static org.assertj.core.api.Assertions.assertThat;

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
import community.arrakis.gatewayproxy.broker.publish.PublisherEvent.Loss;
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
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The publisher's life cycle, state × event, without a broker. */
class PublisherTransitionsTest {

    private static final String ALARM = "low on memory";
    private static final ChannelLost CONNECTION_LOST = new ChannelLost(1, "connection reset", Loss.CONNECTION_RECOVERING);
    private static final ChannelLost CHANNEL_ERROR = new ChannelLost(1, "channel.close NOT_FOUND", Loss.CHANNEL_ONLY);
    private static final ChannelLost CLOSED_UNDER_IT = new ChannelLost(1, "connection.close", Loss.CONNECTION_CLOSED_BY_APPLICATION);

    /** The states a channel-1 publisher can be in, except Closed. */
    private static final List<PublisherState> LIVE_STATES = List.of(new Open(1), new Blocked(1, ALARM), new Stalled(1),
            new AwaitingRecovery(1, null), new AwaitingRecovery(1, ALARM), new Reopening(1, null), new Reopening(1, ALARM),
            new Orphaned(1), new Resending(1));

    static Stream<Arguments> transitions() {
        return Stream.of(
                // -- the broker blocks and unblocks the connection
                row("a block holds messages", new Open(1), new ConnectionBlocked(ALARM),
                        new Blocked(1, ALARM), new ReportBlocked(ALARM)),
                row("an unblock sends what was held, nothing marked republished", new Blocked(1, ALARM),
                        new ConnectionUnblocked(), new Resending(1), new Resend(1, ResendCause.UNBLOCKED)),
                row("a block stops a resend; the unblock resends the rest", new Resending(1), new ConnectionBlocked(ALARM),
                        new Blocked(1, ALARM), new ReportBlocked(ALARM)),
                row("a block after a failed send holds on", new Stalled(1), new ConnectionBlocked(ALARM),
                        new Blocked(1, ALARM), new ReportBlocked(ALARM)),
                row("an unblock of a connection that was not blocked changes nothing", new Open(1),
                        new ConnectionUnblocked(), new Open(1)),
                row("a connection closed for good cannot be blocked", new Orphaned(1), new ConnectionBlocked(ALARM),
                        new Orphaned(1)),

                // -- the connection is lost and recovered by the client
                row("a connection loss holds messages until the client recovers it", new Open(1), CONNECTION_LOST,
                        new AwaitingRecovery(1, null), new ReportChannelLost("connection reset", Loss.CONNECTION_RECOVERING)),
                row("a recovery start confirms the wait", new AwaitingRecovery(1, null), new RecoveryStarted(1),
                        new AwaitingRecovery(1, null)),
                row("a recovery start heard before the loss still waits for the recovery", new Open(1),
                        new RecoveryStarted(1), new AwaitingRecovery(1, null)),
                row("the recovered channel resends what was unconfirmed, then what was held", new AwaitingRecovery(1, null),
                        new RecoveryCompleted(1), new Resending(1), new Resend(1, ResendCause.CONNECTION_RECOVERED)),
                row("a resend that sent everything opens the publisher", new Resending(1), new ResendFinished(1, true),
                        new Open(1)),
                row("a resend whose write failed stalls until the loss is reported", new Resending(1),
                        new ResendFinished(1, false), new Stalled(1)),
                row("a failed send stalls until the loss is reported", new Open(1), new SendFailed(1), new Stalled(1)),
                row("the loss of a stalled channel says how it comes back", new Stalled(1), CONNECTION_LOST,
                        new AwaitingRecovery(1, null), new ReportChannelLost("connection reset", Loss.CONNECTION_RECOVERING)),
                row("a loss during a resend waits for the next recovery", new Resending(1), CONNECTION_LOST,
                        new AwaitingRecovery(1, null), new ReportChannelLost("connection reset", Loss.CONNECTION_RECOVERING)),

                // -- odd cases: blocks and recoveries interleaved
                row("blocked during a recovery: the block is remembered", new AwaitingRecovery(1, null),
                        new ConnectionBlocked(ALARM), new AwaitingRecovery(1, ALARM), new ReportBlocked(ALARM)),
                row("recovered into a blocked connection: requeue, send nothing", new AwaitingRecovery(1, ALARM),
                        new RecoveryCompleted(1), new Blocked(1, ALARM), new RequeueUnconfirmed(ResendCause.CONNECTION_RECOVERED)),
                row("unblocked during a recovery: the recovery sends", new AwaitingRecovery(1, ALARM),
                        new ConnectionUnblocked(), new AwaitingRecovery(1, null)),
                row("a block dies with its connection (the broker never unblocks a connection that is gone)",
                        new Blocked(1, ALARM), CONNECTION_LOST, new AwaitingRecovery(1, null),
                        new ReportChannelLost("connection reset", Loss.CONNECTION_RECOVERING)),
                row("a recovery start forgets the block of the connection it replaces", new Blocked(1, ALARM),
                        new RecoveryStarted(1), new AwaitingRecovery(1, null)),

                // -- the channel alone closes and the publisher reopens one
                row("a channel error reopens a channel", new Open(1), CHANNEL_ERROR, new Reopening(1, null),
                        new ReportChannelLost("channel.close NOT_FOUND", Loss.CHANNEL_ONLY), new ReopenChannel()),
                row("the reopened channel resends everything", new Reopening(1, null), new ChannelReopened(2),
                        new Resending(2), new Resend(2, ResendCause.CHANNEL_REOPENED)),
                row("a channel error while blocked keeps the block: the connection lives", new Blocked(1, ALARM),
                        CHANNEL_ERROR, new Reopening(1, ALARM),
                        new ReportChannelLost("channel.close NOT_FOUND", Loss.CHANNEL_ONLY), new ReopenChannel()),
                row("reopened on a blocked connection: requeue, send nothing", new Reopening(1, ALARM),
                        new ChannelReopened(2), new Blocked(2, ALARM), new RequeueUnconfirmed(ResendCause.CHANNEL_REOPENED)),
                row("a failed reopen waits for the connection's recovery", new Reopening(1, null),
                        new ReopenFailed("connection is closing"), new AwaitingRecovery(1, null),
                        new ReportReopenFailed("connection is closing")),
                row("a reopened channel that beat the client's recovery is used", new AwaitingRecovery(1, null),
                        new ChannelReopened(2), new Resending(2), new Resend(2, ResendCause.CHANNEL_REOPENED)),
                row("a channel reopened after the recovery brought the old one back is not used", new Resending(1),
                        new ChannelReopened(2), new Resending(1)),

                // -- the application closed the connection under the publisher
                row("a connection closed by the application holds everything for good", new Open(1), CLOSED_UNDER_IT,
                        new Orphaned(1), new ReportChannelLost("connection.close", Loss.CONNECTION_CLOSED_BY_APPLICATION)),
                row("nothing recovers an orphaned publisher", new Orphaned(1), new RecoveryCompleted(1), new Orphaned(1)),

                // -- close, from anywhere
                row("close while open", new Open(1), new CloseRequested(), new Closed(), new FailOutstandingAndClose()),
                row("close during a recovery", new AwaitingRecovery(1, ALARM), new CloseRequested(), new Closed(),
                        new FailOutstandingAndClose()),
                row("close during a resend", new Resending(1), new CloseRequested(), new Closed(),
                        new FailOutstandingAndClose()),
                row("close while reopening", new Reopening(1, null), new CloseRequested(), new Closed(),
                        new FailOutstandingAndClose()),
                row("a recovery after close is ignored", new Closed(), new RecoveryCompleted(1), new Closed()),
                row("a reopened channel after close is not used", new Closed(), new ChannelReopened(2), new Closed()),
                row("close twice does nothing the second time", new Closed(), new CloseRequested(), new Closed()));
    }

    private static Arguments row(String behaviour, PublisherState from, PublisherEvent event, PublisherState to,
                                 PublisherAction... actions) {
        return Arguments.of(behaviour, from, event, to, List.of(actions));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String behaviour, PublisherState from, PublisherEvent event, PublisherState to,
                    List<PublisherAction> actions) {
        Transition t = PublisherTransitions.next(from, event);
        assertThat(t.state()).as(behaviour).isEqualTo(to);
        assertThat(t.actions()).as(behaviour).containsExactlyElementsOf(actions);
    }

    @Test
    void onlyAnOpenPublisherSendsAtOnceAndOnlyAClosedOneFails() {
        for (PublisherState state : LIVE_STATES) {
            assertThat(state.fate()).as("%s", state).isEqualTo(state instanceof Open ? MessageFate.SEND : MessageFate.HOLD);
        }
        assertThat(new Closed().fate()).isEqualTo(MessageFate.FAIL);
    }

    /** A nack is resent as a message published now would be: held while blocked, sent once unblocked. */
    @Test
    void aNackWhileBlockedIsHeldAndGoesOutWithTheRestWhenUnblocked() {
        PublisherState blocked = PublisherTransitions.next(new Open(1), new ConnectionBlocked(ALARM)).state();
        assertThat(blocked.fate()).isEqualTo(MessageFate.HOLD);
        PublisherState unblocked = PublisherTransitions.next(blocked, new ConnectionUnblocked()).state();
        assertThat(unblocked.fate()).as("while the held messages go out").isEqualTo(MessageFate.HOLD);
        assertThat(PublisherTransitions.next(unblocked, new ResendFinished(1, true)).state().fate())
                .isEqualTo(MessageFate.SEND);
    }

    @Test
    void newsAboutAChannelAlreadyReplacedIsIgnoredInEveryState() {
        List<PublisherEvent> aboutChannelOne = List.of(CONNECTION_LOST, CHANNEL_ERROR, new RecoveryStarted(1),
                new RecoveryCompleted(1), new SendFailed(1), new ResendFinished(1, true));
        List<PublisherState> onChannelTwo = List.of(new Open(2), new Blocked(2, ALARM), new Stalled(2),
                new AwaitingRecovery(2, null), new Reopening(2, null), new Resending(2), new Orphaned(2));
        for (PublisherState state : onChannelTwo) {
            for (PublisherEvent event : aboutChannelOne) {
                Transition t = PublisherTransitions.next(state, event);
                assertThat(t.state()).as("%s in %s", event, state).isEqualTo(state);
                assertThat(t.actions()).as("%s in %s", event, state).isEmpty();
            }
        }
    }

    @Test
    void aClosedPublisherIgnoresEverything() {
        List<PublisherEvent> everything = List.of(new ConnectionBlocked(ALARM), new ConnectionUnblocked(),
                CONNECTION_LOST, CHANNEL_ERROR, CLOSED_UNDER_IT, new RecoveryStarted(1), new RecoveryCompleted(1),
                new ChannelReopened(2), new ReopenFailed("x"), new SendFailed(1), new ResendFinished(1, true),
                new CloseRequested());
        for (PublisherEvent event : everything) {
            assertThat(PublisherTransitions.next(new Closed(), event)).as("%s", event)
                    .isEqualTo(new Transition(new Closed(), List.of()));
        }
    }

    @Test
    void everyLiveStateClosesFailingWhatIsOutstanding() {
        for (PublisherState state : LIVE_STATES) {
            assertThat(PublisherTransitions.next(state, new CloseRequested())).as("%s", state)
                    .isEqualTo(new Transition(new Closed(), List.of(new FailOutstandingAndClose())));
        }
    }

    @Test
    void aSendFailureOrAResendResultOutsideItsStateChangesNothing() {
        for (PublisherState state : LIVE_STATES) {
            if (!(state instanceof Open)) {
                assertThat(PublisherTransitions.next(state, new SendFailed(1)).state()).as("%s", state).isEqualTo(state);
            }
            if (!(state instanceof Resending)) {
                assertThat(PublisherTransitions.next(state, new ResendFinished(1, true)).state()).as("%s", state)
                        .isEqualTo(state);
            }
        }
    }

    @Test
    void aShutdownSignalIsClassifiedByWhoClosedWhat() {
        assertThat(Loss.of(true, false, true)).isEqualTo(Loss.CONNECTION_RECOVERING);
        assertThat(Loss.of(true, true, true)).isEqualTo(Loss.CONNECTION_CLOSED_BY_APPLICATION);
        assertThat(Loss.of(false, false, true)).as("a channel error").isEqualTo(Loss.CHANNEL_ONLY);
        assertThat(Loss.of(true, false, false)).as("a connection without automatic recovery")
                .isEqualTo(Loss.CHANNEL_ONLY);
    }
}
