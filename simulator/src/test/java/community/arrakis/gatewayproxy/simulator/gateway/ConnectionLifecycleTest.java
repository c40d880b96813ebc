package community.arrakis.gatewayproxy.simulator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.Close;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.DetachSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.EndSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.ResumeSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.SendHeartbeatAck;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.SendInvalidSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionAction.StartSession;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionState.Active;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionState.AwaitingIdentify;
import community.arrakis.gatewayproxy.simulator.gateway.ConnectionState.Closed;
import org.junit.jupiter.api.Test;

class ConnectionLifecycleTest {
    private static final IdentifyRequest IDENTIFY = new IdentifyRequest("t", 0, 1, false, 1);
    private static final ConnectionState AWAITING = new AwaitingIdentify();
    private static final ConnectionState ACTIVE = new Active("s1");

    @Test
    void acceptedIdentifyStartsASession() {
        Transition t = ConnectionLifecycle.next(AWAITING,
                new ConnectionEvent.IdentifyReceived(new IdentifyVerdict.Accepted(IDENTIFY, "s1")));

        assertThat(t.next()).isEqualTo(ACTIVE);
        assertThat(t.actions()).containsExactly(new StartSession(IDENTIFY, "s1"));
    }

    @Test
    void heartbeatsAreAcknowledgedBeforeAndAfterIdentify() {
        assertThat(ConnectionLifecycle.next(AWAITING, new ConnectionEvent.HeartbeatReceived()).actions())
                .containsExactly(new SendHeartbeatAck());
        assertThat(ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.HeartbeatReceived()).actions())
                .containsExactly(new SendHeartbeatAck());
    }

    @Test
    void commandBeforeIdentifyClosesWith4003() {
        Transition t = ConnectionLifecycle.next(AWAITING, new ConnectionEvent.CommandReceived(Opcode.PRESENCE_UPDATE));

        assertThat(t.next()).isEqualTo(new Closed(4003));
        assertThat(t.actions()).containsExactly(new Close(4003, "Not authenticated."));
    }

    @Test
    void secondIdentifyClosesWith4005AndKeepsTheSessionResumable() {
        Transition t = ConnectionLifecycle.next(ACTIVE,
                new ConnectionEvent.IdentifyReceived(new IdentifyVerdict.Rejected(CloseCode.ALREADY_AUTHENTICATED)));

        assertThat(t.actions()).containsExactly(new DetachSession("s1"), new Close(4005, "Already authenticated."));
    }

    @Test
    void missedHeartbeatsEndTheSessionWith4009() {
        Transition t = ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.HeartbeatDeadlineMissed());

        assertThat(t.actions()).containsExactly(new EndSession("s1"), new Close(4009, "Session timed out."));
    }

    @Test
    void clientCloseWith1000EndsTheSessionButOtherCodesKeepIt() {
        assertThat(ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.ClientClosed(1000)).actions())
                .containsExactly(new EndSession("s1"));
        assertThat(ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.ClientClosed(1001)).actions())
                .containsExactly(new EndSession("s1"));
        assertThat(ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.ClientClosed(4000)).actions())
                .containsExactly(new DetachSession("s1"));
        assertThat(ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.TransportLost()).actions())
                .containsExactly(new DetachSession("s1"));
    }

    @Test
    void resumeOfAGoneSessionAnswersInvalidSessionFalseAndWaitsForIdentify() {
        Transition t = ConnectionLifecycle.next(AWAITING, new ConnectionEvent.ResumeReceived(new ResumeVerdict.Gone()));

        assertThat(t.next()).isEqualTo(AWAITING);
        assertThat(t.actions()).containsExactly(new SendInvalidSession(false));
    }

    @Test
    void resumeWithAnInvalidSeqEndsTheSessionWith4007() {
        Transition t = ConnectionLifecycle.next(AWAITING,
                new ConnectionEvent.ResumeReceived(new ResumeVerdict.InvalidSeq("s1")));

        assertThat(t.actions()).containsExactly(new EndSession("s1"), new Close(4007, "Invalid seq."));
    }

    @Test
    void resumableResumeContinuesTheSession() {
        Transition t = ConnectionLifecycle.next(AWAITING,
                new ConnectionEvent.ResumeReceived(new ResumeVerdict.Resumable("s1", 7)));

        assertThat(t.next()).isEqualTo(ACTIVE);
        assertThat(t.actions()).containsExactly(new ResumeSession("s1", 7));
    }

    @Test
    void throttledIdentifyGetsInvalidSession() {
        Transition t = ConnectionLifecycle.next(AWAITING,
                new ConnectionEvent.IdentifyReceived(new IdentifyVerdict.Throttled()));

        assertThat(t.next()).isEqualTo(AWAITING);
        assertThat(t.actions()).containsExactly(new SendInvalidSession(false));
    }

    @Test
    void nonResumableInvalidationEndsTheSessionAndAllowsANewIdentify() {
        Transition t = ConnectionLifecycle.next(ACTIVE, new ConnectionEvent.SessionInvalidationRequested(false));

        assertThat(t.next()).isEqualTo(AWAITING);
        assertThat(t.actions()).containsExactly(new EndSession("s1"), new SendInvalidSession(false));
    }

    @Test
    void closedConnectionsIgnoreEverything() {
        Transition t = ConnectionLifecycle.next(new Closed(4000), new ConnectionEvent.HeartbeatReceived());

        assertThat(t.actions()).isEmpty();
    }
}
