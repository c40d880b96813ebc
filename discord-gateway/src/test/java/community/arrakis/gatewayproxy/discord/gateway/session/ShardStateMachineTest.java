package community.arrakis.gatewayproxy.discord.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.common.Backoff;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import community.arrakis.gatewayproxy.discord.gateway.protocol.ReadyInfo;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardAction.*;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardEvent.*;
import community.arrakis.gatewayproxy.discord.gateway.session.ShardState.*;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardStateMachineTest {

    private static final URI GATEWAY = URI.create("wss://gateway.discord.gg");
    private final ShardStateMachine machine = new ShardStateMachine(GATEWAY, TransportCompression.ZLIB_STREAM,
            ShardStateMachine.DEFAULT_BACKOFF, () -> 0.5);

    private ShardState state = new Idle(null);
    private Transition last;

    private Transition on(ShardEvent event) {
        last = machine.next(state, event);
        state = last.state();
        return last;
    }

    private <T extends ShardAction> T action(Class<T> type) {
        return last.actions().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + last.actions()));
    }

    private long conn() {
        return state.lastConnectionId();
    }

    /** Drives a fresh shard to READY with session "s1" at sequence 1. */
    private void toReady() {
        on(new StartRequested());
        on(new SocketOpened(conn()));
        on(new HelloReceived(conn(), 40_000));
        on(new IdentifyPermitted(conn()));
        on(new ReadyReceived(conn(), 1, new ReadyInfo("s1", "wss://resume.example", Set.of("100"))));
    }

    @Test
    void identifiesAfterHelloAndPermitThenReportsTheSession() {
        on(new StartRequested());
        assertThat(state.status()).isEqualTo(ShardStatus.CONNECTING);
        assertThat(action(Connect.class).url()).hasToString("wss://gateway.discord.gg/?v=10&encoding=json&compress=zlib-stream");

        on(new HelloReceived(conn(), 40_000));
        assertThat(state).isInstanceOf(AwaitingIdentifyPermit.class);
        StartHeartbeat beat = action(StartHeartbeat.class);
        assertThat(beat.interval()).isEqualTo(Duration.ofSeconds(40));
        assertThat(beat.firstDelay()).isEqualTo(Duration.ofSeconds(20)); // interval * jitter 0.5
        action(RequestIdentifyPermit.class);

        on(new IdentifyPermitted(conn()));
        assertThat(state).isInstanceOf(Identifying.class);
        action(SendIdentify.class);

        on(new ReadyReceived(conn(), 1, new ReadyInfo("s1", "wss://resume.example", Set.of("100"))));
        assertThat(state.status()).isEqualTo(ShardStatus.READY);
        assertThat(action(ReportSessionStarted.class).session())
                .isEqualTo(new ResumeState("s1", "wss://resume.example", 1));
    }

    @Test
    void deliversDispatchesAndAdvancesTheResumePointOnlyAfterDelivery() {
        toReady();
        on(new DispatchReceived(conn(), 2));
        assertThat(action(Deliver.class).session().id()).isEqualTo("s1");
        assertThat(state.session().sequence()).isEqualTo(1);
        on(new DispatchDelivered(conn(), 2));
        assertThat(state.session().sequence()).isEqualTo(2);
    }

    @Test
    void heartbeatCarriesTheLastDeliveredSequence() {
        toReady();
        on(new DispatchDelivered(conn(), 7));
        on(new HeartbeatDue(conn()));
        assertThat(action(SendHeartbeat.class).sequence()).isEqualTo(7);
    }

    @Test
    void answersAHeartbeatRequestAtOnce() {
        toReady();
        on(new HeartbeatRequested(conn()));
        assertThat(action(SendHeartbeat.class).sequence()).isEqualTo(1);
    }

    @Test
    void closesAZombieConnectionWithAResumableCodeAndResumesImmediately() {
        toReady();
        on(new HeartbeatDue(conn()));
        on(new HeartbeatDue(conn())); // no ACK in between
        assertThat(state).isInstanceOf(Reconnecting.class);
        assertThat(action(Close.class).code()).isEqualTo(4000);
        assertThat(action(ScheduleReconnect.class).delay()).isZero();
        assertThat(last.reason()).contains("zombie");
        assertThat(state.session().id()).isEqualTo("s1");
    }

    @Test
    void aBusyListenerIsNotMistakenForAZombie() {
        toReady();
        on(new DispatchReceived(conn(), 2)); // the listener is now holding dispatch 2
        on(new HeartbeatDue(conn()));
        on(new HeartbeatDue(conn())); // no ACK read: we are not reading
        assertThat(state).isInstanceOf(Ready.class);
        action(SendHeartbeat.class);
        on(new DispatchDelivered(conn(), 2));
        on(new HeartbeatDue(conn()));
        assertThat(state).isInstanceOf(Reconnecting.class);
    }

    @Test
    void aReceivedDispatchCountsAsProofOfLife() {
        toReady();
        on(new HeartbeatDue(conn()));
        on(new DispatchReceived(conn(), 2));
        on(new DispatchDelivered(conn(), 2));
        on(new HeartbeatDue(conn()));
        assertThat(state).isInstanceOf(Ready.class);
    }

    @Test
    void anAckedHeartbeatIsNotAZombie() {
        toReady();
        on(new HeartbeatDue(conn()));
        on(new HeartbeatAcked(conn()));
        on(new HeartbeatDue(conn()));
        assertThat(state).isInstanceOf(Ready.class);
        action(SendHeartbeat.class);
    }

    @Test
    void resumesToTheResumeUrlAfterOpcode7() {
        toReady();
        on(new DispatchDelivered(conn(), 5));
        on(new ReconnectRequested(conn()));
        assertThat(action(Close.class).code()).isEqualTo(4000);
        assertThat(action(ScheduleReconnect.class).delay()).isZero();

        on(new ReconnectDue());
        assertThat(action(Connect.class).url()).hasToString("wss://resume.example/?v=10&encoding=json&compress=zlib-stream");
        on(new HelloReceived(conn(), 40_000));
        assertThat(state.status()).isEqualTo(ShardStatus.RESUMING);
        SendResume resume = action(SendResume.class);
        assertThat(resume.resume()).isEqualTo(new ResumeState("s1", "wss://resume.example", 5));

        on(new DispatchReceived(conn(), 6)); // replayed
        action(Deliver.class);
        on(new DispatchDelivered(conn(), 6));
        on(new ResumedReceived(conn(), 7));
        assertThat(state.status()).isEqualTo(ShardStatus.READY);
        assertThat(state.session().sequence()).isEqualTo(7);
    }

    @Test
    void secondConsecutiveResumeFailureBacksOff() {
        toReady();
        on(new ReconnectRequested(conn()));
        assertThat(action(ScheduleReconnect.class).delay()).isZero();
        on(new ReconnectDue());
        on(new ConnectFailed(conn(), "refused"));
        assertThat(action(ScheduleReconnect.class).delay()).isEqualTo(Duration.ofMillis(1500)); // 2 s * 0.75
        on(new ReconnectDue());
        on(new ConnectFailed(conn(), "refused"));
        assertThat(action(ScheduleReconnect.class).delay()).isEqualTo(Duration.ofMillis(3000)); // 4 s * 0.75
    }

    @Test
    void resumedResetsTheAttemptCounter() {
        toReady();
        on(new ReconnectRequested(conn()));
        on(new ReconnectDue());
        on(new ConnectFailed(conn(), "refused"));
        on(new ReconnectDue());
        on(new HelloReceived(conn(), 40_000));
        on(new ResumedReceived(conn(), 1));
        on(new ReconnectRequested(conn()));
        assertThat(action(ScheduleReconnect.class).delay()).isZero();
    }

    @Test
    void resumableInvalidSessionResumes() {
        toReady();
        on(new SessionInvalidated(conn(), true));
        assertThat(state.session()).isNotNull();
        assertThat(action(Close.class).code()).isEqualTo(4000);
    }

    @Test
    void nonResumableInvalidSessionIdentifiesAgainAfterOneToFiveSeconds() {
        toReady();
        on(new SessionInvalidated(conn(), false));
        assertThat(state.session()).isNull();
        Duration delay = action(ScheduleReconnect.class).delay();
        assertThat(delay).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(5));
        on(new ReconnectDue());
        assertThat(action(Connect.class).url().getHost()).isEqualTo("gateway.discord.gg");
        on(new HelloReceived(conn(), 40_000));
        action(RequestIdentifyPermit.class);
    }

    @Test
    void closeCodesThatEndTheSessionStartANewOne() {
        for (int code : new int[] {4003, 4007, 4009}) {
            state = new Idle(null);
            toReady();
            on(new ConnectionClosed(conn(), code, ""));
            assertThat(state).as("close %d", code).isInstanceOf(Reconnecting.class);
            assertThat(state.session()).as("close %d", code).isNull();
        }
    }

    @Test
    void resumableCloseCodesAndDropsKeepTheSession() {
        for (int code : new int[] {4000, 4001, 4002, 4005, 4008, 1000, 1001, 1006, -1}) {
            state = new Idle(null);
            toReady();
            on(new ConnectionClosed(conn(), code, ""));
            assertThat(state.session()).as("close %d", code).isNotNull();
            assertThat(action(ScheduleReconnect.class).delay()).as("close %d", code).isZero();
        }
    }

    @Test
    void fatalCloseCodesStopWithoutReconnecting() {
        for (int code : new int[] {4004, 4010, 4011, 4012, 4013, 4014}) {
            state = new Idle(null);
            toReady();
            on(new ConnectionClosed(conn(), code, ""));
            assertThat(state).as("close %d", code).isInstanceOf(Stopped.class);
            assertThat(last.actions()).noneMatch(ScheduleReconnect.class::isInstance);
            assertThat(((Stopped) state).reason()).contains(Integer.toString(code));
        }
    }

    @Test
    void ignoresEventsOfAnOlderConnection() {
        toReady();
        long old = conn();
        on(new ReconnectRequested(old));
        on(new ReconnectDue());
        on(new ConnectionClosed(old, 1006, "late close of the previous socket"));
        assertThat(state).isInstanceOf(Connecting.class);
        on(new HeartbeatDue(old));
        assertThat(last.actions()).isEmpty();
    }

    @Test
    void closesASocketThatOpensAfterTheShardStopped() {
        on(new StartRequested());
        long pending = conn();
        on(new StopRequested(false));
        on(new SocketOpened(pending));
        assertThat(action(Close.class).connectionId()).isEqualTo(pending);
    }

    @Test
    void stopKeepsTheSessionAndClosesWithAResumableCode() {
        toReady();
        on(new StopRequested(false));
        assertThat(state.status()).isEqualTo(ShardStatus.STOPPED);
        assertThat(action(Close.class).code()).isEqualTo(4000);
        assertThat(state.session()).isNotNull();
    }

    @Test
    void stopAndInvalidateClosesWith1000AndForgetsTheSession() {
        toReady();
        on(new StopRequested(true));
        assertThat(action(Close.class).code()).isEqualTo(1000);
        assertThat(state.session()).isNull();
    }

    @Test
    void startsWithAResumeWhenGivenAStoredSession() {
        state = new Idle(Session.resumedFrom(new ResumeState("old", "wss://resume.example", 41)));
        on(new StartRequested());
        assertThat(action(Connect.class).url().getHost()).isEqualTo("resume.example");
        on(new HelloReceived(conn(), 40_000));
        assertThat(action(SendResume.class).resume().sequence()).isEqualTo(41);
    }

    @Test
    void dispatchesOutsideASessionAreNotDelivered() {
        on(new StartRequested());
        on(new HelloReceived(conn(), 40_000));
        on(new DispatchReceived(conn(), 1));
        assertThat(last.actions()).isEmpty();
    }

    @Test
    void keepsAPathInTheGatewayUrl() {
        assertThat(machine.connectUrl("ws://127.0.0.1:8080/gateway"))
                .hasToString("ws://127.0.0.1:8080/gateway?v=10&encoding=json&compress=zlib-stream");
        assertThat(machine.connectUrl("wss://gateway.discord.gg/"))
                .hasToString("wss://gateway.discord.gg/?v=10&encoding=json&compress=zlib-stream");
    }

    @Test
    void theUrlAsksForTheConfiguredCompressionOrNone() {
        Backoff backoff = ShardStateMachine.DEFAULT_BACKOFF;
        assertThat(new ShardStateMachine(GATEWAY, TransportCompression.ZSTD_STREAM, backoff, () -> 0.5)
                .connectUrl("wss://gateway.discord.gg")).hasToString("wss://gateway.discord.gg/?v=10&encoding=json&compress=zstd-stream");
        assertThat(new ShardStateMachine(GATEWAY, TransportCompression.NONE, backoff, () -> 0.5)
                .connectUrl("wss://gateway.discord.gg")).hasToString("wss://gateway.discord.gg/?v=10&encoding=json");
    }
}
