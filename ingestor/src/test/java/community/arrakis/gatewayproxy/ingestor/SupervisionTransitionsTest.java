package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.AttemptIdentify;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.CloseShard;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.PauseShard;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.PermitIdentify;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ReadCheckpoint;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ReportBudgetSpent;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ReportHalted;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ReportRedisUnreachable;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ResumeShard;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ScheduleBacklogCheck;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ScheduleCheckpointRetry;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.ScheduleIdentifyRetry;
import community.arrakis.gatewayproxy.ingestor.SupervisionAction.StartShard;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.BacklogChecked;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.BacklogOverBound;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.CheckpointRead;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.CheckpointRetryDue;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.CheckpointUnreadable;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.GatewayStopped;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifyAbandoned;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifyBudgetSpent;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifyRedisUnreachable;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifyRequested;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifyRetryDue;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifySlotBusy;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.IdentifySlotTaken;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.StartRequested;
import community.arrakis.gatewayproxy.ingestor.SupervisionEvent.StopRequested;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.AwaitingIdentify;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Halted;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.IdentifyWait;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Paused;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Running;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Starting;
import community.arrakis.gatewayproxy.ingestor.SupervisionState.Stopped;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A supervised shard's life cycle, state × event, without a gateway, Redis or a clock. */
class SupervisionTransitionsTest {

    private static final int BOUND = 1_000;
    private static final ResumeState CHECKPOINT = new ResumeState("session-1", "wss://resume.example", 42);
    private static final Duration REDIS_RETRY = SupervisionTransitions.REDIS_RETRY;

    private final SupervisionTransitions machine = new SupervisionTransitions(BOUND);

    static Stream<Arguments> transitions() {
        return Stream.of(
                // -- start: the checkpoint, waiting for Redis on schedule
                row("start reads the checkpoint", new Starting(false), new StartRequested(), new Starting(false),
                        new ReadCheckpoint()),
                row("a checkpoint resumes", new Starting(false), new CheckpointRead(CHECKPOINT), new Running(false),
                        new StartShard(CHECKPOINT)),
                row("no checkpoint identifies", new Starting(false), new CheckpointRead(null), new Running(false),
                        new StartShard(null)),
                row("Redis silent at start: say so, read again in 250 ms", new Starting(false),
                        new CheckpointUnreadable("connection refused"), new Starting(true),
                        new ReportRedisUnreachable("connection refused"), new ScheduleCheckpointRetry(REDIS_RETRY)),
                row("the retry reads again", new Starting(true), new CheckpointRetryDue(), new Starting(true),
                        new ReadCheckpoint()),
                row("Redis back: the shard starts", new Starting(true), new CheckpointRead(CHECKPOINT), new Running(false),
                        new StartShard(CHECKPOINT)),

                // -- the identify wait: budget, slot, Redis, each left by a scheduled retry
                row("an identify request tries at once", new Running(false), new IdentifyRequested(),
                        new AwaitingIdentify(IdentifyWait.SLOT, false), new AttemptIdentify()),
                row("a free slot lets the first session identify", new AwaitingIdentify(IdentifyWait.SLOT, false),
                        new IdentifySlotTaken(), new Running(true), new PermitIdentify(true)),
                row("a later identify is a lost session", new AwaitingIdentify(IdentifyWait.SLOT, true),
                        new IdentifySlotTaken(), new Running(true), new PermitIdentify(false)),
                row("a busy slot waits until the holder's window ends", new AwaitingIdentify(IdentifyWait.SLOT, false),
                        new IdentifySlotBusy(Duration.ofMillis(3_200)), new AwaitingIdentify(IdentifyWait.SLOT, false),
                        new ScheduleIdentifyRetry(Duration.ofMillis(3_200))),
                row("the budget at its reserve waits until it resets", new AwaitingIdentify(IdentifyWait.SLOT, false),
                        new IdentifyBudgetSpent(3, Duration.ofHours(2)), new AwaitingIdentify(IdentifyWait.BUDGET, false),
                        new ReportBudgetSpent(3, Duration.ofHours(2)), new ScheduleIdentifyRetry(Duration.ofHours(2))),
                row("a budget reset in the past waits a second, not zero", new AwaitingIdentify(IdentifyWait.SLOT, false),
                        new IdentifyBudgetSpent(3, Duration.ZERO), new AwaitingIdentify(IdentifyWait.BUDGET, false),
                        new ReportBudgetSpent(3, Duration.ofSeconds(1)), new ScheduleIdentifyRetry(Duration.ofSeconds(1))),
                row("Redis silent: say so, try again in 250 ms", new AwaitingIdentify(IdentifyWait.SLOT, true),
                        new IdentifyRedisUnreachable("timeout"), new AwaitingIdentify(IdentifyWait.REDIS, true),
                        new ReportRedisUnreachable("timeout"), new ScheduleIdentifyRetry(REDIS_RETRY)),
                row("the retry tries again", new AwaitingIdentify(IdentifyWait.REDIS, true), new IdentifyRetryDue(),
                        new AwaitingIdentify(IdentifyWait.REDIS, true), new AttemptIdentify()),
                row("a second request while waiting rides on the scheduled try",
                        new AwaitingIdentify(IdentifyWait.BUDGET, false), new IdentifyRequested(),
                        new AwaitingIdentify(IdentifyWait.BUDGET, false)),
                row("the shard stopped waiting", new AwaitingIdentify(IdentifyWait.SLOT, true), new IdentifyAbandoned(),
                        new Running(true)),
                row("a retry after the wait was abandoned does nothing", new Running(true), new IdentifyRetryDue(),
                        new Running(true)),
                row("a slot taken after the wait was abandoned lapses unused", new Running(true), new IdentifySlotTaken(),
                        new Running(true)),

                // -- the pause, left by scheduled looks at the backlog
                row("a backlog at the bound pauses", new Running(true), new BacklogOverBound(BOUND), new Paused(true),
                        new PauseShard(BOUND)),
                row("a backlog below the bound does not", new Running(true), new BacklogOverBound(BOUND - 1),
                        new Running(true)),
                row("a backlog still over half waits another 100 ms", new Paused(true), new BacklogChecked(501, true),
                        new Paused(true), new ScheduleBacklogCheck(SupervisionTransitions.BACKLOG_CHECK)),
                row("a publisher that cannot write waits, however small the backlog", new Paused(true),
                        new BacklogChecked(0, false), new Paused(true), new ScheduleBacklogCheck(SupervisionTransitions.BACKLOG_CHECK)),
                row("half the bound and writable resumes", new Paused(true), new BacklogChecked(500, true),
                        new Running(true), new ResumeShard(500)),
                row("a paused shard is not paused again", new Paused(false), new BacklogOverBound(5_000), new Paused(false)),
                row("the shard closed by the pause is not a fatal stop", new Paused(true),
                        new GatewayStopped("closed by its owner; session kept for resuming"), new Paused(true)),

                // -- stops
                row("a fatal close code halts the shard", new Running(true), new GatewayStopped("4004 authentication failed"),
                        new Halted("4004 authentication failed"), new ReportHalted("4004 authentication failed")),
                row("a fatal close code while waiting to identify halts it too",
                        new AwaitingIdentify(IdentifyWait.SLOT, false), new GatewayStopped("4014 disallowed intents"),
                        new Halted("4014 disallowed intents"), new ReportHalted("4014 disallowed intents")),
                row("stop while running closes the shard", new Running(true), new StopRequested(), new Stopped(),
                        new CloseShard()),
                row("stop while paused", new Paused(true), new StopRequested(), new Stopped(), new CloseShard()),
                row("stop while waiting for Redis at start", new Starting(true), new StopRequested(), new Stopped(),
                        new CloseShard()),
                row("stop after a halt keeps saying why it halted", new Halted("4004"), new StopRequested(),
                        new Halted("4004"), new CloseShard()));
    }

    private static Arguments row(String behaviour, SupervisionState from, SupervisionEvent event, SupervisionState to,
                                 SupervisionAction... actions) {
        return Arguments.of(behaviour, from, event, to, List.of(actions));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("transitions")
    void transition(String behaviour, SupervisionState from, SupervisionEvent event, SupervisionState to,
                    List<SupervisionAction> actions) {
        SupervisionTransitions.Transition t = machine.next(from, event);
        assertThat(t.state()).as(behaviour).isEqualTo(to);
        assertThat(t.actions()).as(behaviour).containsExactlyElementsOf(actions);
    }

    /** After a stop nothing scheduled earlier (a retry, a backlog look) may start anything again. */
    @Test
    void aStoppedShardIgnoresEverything() {
        List<SupervisionEvent> everything = List.of(new StartRequested(), new CheckpointRead(CHECKPOINT),
                new CheckpointUnreadable("x"), new CheckpointRetryDue(), new IdentifyRequested(),
                new IdentifyBudgetSpent(1, Duration.ofSeconds(1)), new IdentifySlotBusy(Duration.ofSeconds(1)),
                new IdentifyRedisUnreachable("x"), new IdentifySlotTaken(), new IdentifyRetryDue(), new IdentifyAbandoned(),
                new BacklogOverBound(BOUND), new BacklogChecked(0, true), new GatewayStopped("x"), new StopRequested());
        for (SupervisionEvent event : everything) {
            assertThat(machine.next(new Stopped(), event)).as("%s", event)
                    .isEqualTo(new SupervisionTransitions.Transition(new Stopped(), List.of()));
        }
    }

    @Test
    void healthSaysWhatEachWaitIsFor() {
        assertThat(new Starting(false).waitingFor()).isNull();
        assertThat(new Starting(true).waitingFor()).isEqualTo(ShardSupervisor.WAITING_FOR_REDIS_TO_READ_CHECKPOINT);
        assertThat(new AwaitingIdentify(IdentifyWait.BUDGET, false).waitingFor()).isEqualTo("identify budget");
        assertThat(new AwaitingIdentify(IdentifyWait.SLOT, false).waitingFor()).isEqualTo("identify slot");
        assertThat(new AwaitingIdentify(IdentifyWait.REDIS, false).waitingFor())
                .isEqualTo(ShardSupervisor.WAITING_FOR_REDIS_TO_IDENTIFY);
        assertThat(new Paused(true).waitingFor()).isEqualTo("broker");
        assertThat(new Running(true).waitingFor()).isNull();
    }

    /** The whole pause, as the scheduler would play it: over the bound, two looks, resumed. */
    @Test
    void aPauseIsLeftByTheFirstLookThatFindsTheBrokerCaughtUp() {
        SupervisionState state = new Running(true);
        List<SupervisionEvent> played = List.of(new BacklogOverBound(1_200), new BacklogChecked(1_200, false),
                new BacklogChecked(700, true), new BacklogChecked(480, true));
        List<Class<?>> states = new java.util.ArrayList<>();
        for (SupervisionEvent event : played) {
            state = machine.next(state, event).state();
            states.add(state.getClass());
        }
        assertThat(states).containsExactly(Paused.class, Paused.class, Paused.class, Running.class);
    }
}
