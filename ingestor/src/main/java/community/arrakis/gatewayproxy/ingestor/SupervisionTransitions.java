package community.arrakis.gatewayproxy.ingestor;

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

/**
 * A supervised shard's life cycle as one pure function, {@link #next}: no gateway, Redis, thread
 * or clock. Every wait is a state left by a scheduled event, never a sleep:
 *
 * <pre>
 * Starting ──checkpoint read──▶ Running ──identify requested──▶ AwaitingIdentify(slot)
 *    │ ▲ Redis silent: retry in 250 ms          ▲                 │ budget spent: retry when it resets (≥ 1 s)
 *    └─┘                                         │                 │ slot busy: retry when the holder's window ends
 *                                                │                 │ Redis silent: retry in 250 ms
 *                                                └──slot taken─────┘ (the shard sends IDENTIFY)
 * Running ──backlog over the bound──▶ Paused ──every 100 ms: backlog ≤ half and writable──▶ Running (resumes)
 * Running ──the gateway stopped (fatal close code)──▶ Halted
 * any ──stop──▶ Stopped
 * </pre>
 *
 * A worked example, with {@code maxBufferedPerShard} 1,000: the broker goes away and a dispatch
 * finds 1,000 events unconfirmed: Paused, the shard is closed with a resumable code (Discord keeps
 * the session). Every 100 ms the publisher is looked at: 1,000 buffered, not writable, stay; the
 * broker is back and confirms: 480 buffered, writable: Running, and the shard resumes from the last
 * sequence it received; Discord replays what came since.
 */
final class SupervisionTransitions {

    /** How long a step that needs Redis waits before asking again. */
    static final Duration REDIS_RETRY = Duration.ofMillis(250);
    /** How often a paused shard looks at the publisher's backlog. */
    static final Duration BACKLOG_CHECK = Duration.ofMillis(100);
    /** The shortest wait for the identify budget, so a reset time in the past cannot spin. */
    static final Duration MIN_BUDGET_WAIT = Duration.ofSeconds(1);

    private final int maxBuffered;

    /** @param maxBuffered the backlog (events awaiting the broker) at which a shard pauses; it resumes at half */
    SupervisionTransitions(int maxBuffered) {
        this.maxBuffered = maxBuffered;
    }

    static SupervisionState initial() {
        return new Starting(false);
    }

    /** The result of one event: the next state and what to do, in order. */
    record Transition(SupervisionState state, List<SupervisionAction> actions) {
        Transition {
            actions = List.copyOf(actions);
        }

        static Transition stay(SupervisionState state) {
            return new Transition(state, List.of());
        }

        static Transition to(SupervisionState state, SupervisionAction... actions) {
            return new Transition(state, List.of(actions));
        }
    }

    Transition next(SupervisionState state, SupervisionEvent event) {
        if (state instanceof Stopped) {
            return Transition.stay(state);
        }
        return switch (event) {
            case StopRequested e -> state instanceof Halted
                    ? Transition.to(state, new CloseShard()) // it keeps saying why it stopped first
                    : Transition.to(new Stopped(), new CloseShard());
            case StartRequested e -> state instanceof Starting ? Transition.to(state, new ReadCheckpoint()) : Transition.stay(state);
            case CheckpointRead e -> state instanceof Starting
                    ? Transition.to(new Running(false), new StartShard(e.checkpoint()))
                    : Transition.stay(state);
            case CheckpointUnreadable e -> state instanceof Starting
                    ? Transition.to(new Starting(true), new ReportRedisUnreachable(e.reason()),
                            new ScheduleCheckpointRetry(REDIS_RETRY))
                    : Transition.stay(state);
            case CheckpointRetryDue e -> state instanceof Starting ? Transition.to(state, new ReadCheckpoint()) : Transition.stay(state);
            case IdentifyRequested e -> state instanceof Running r
                    ? Transition.to(new AwaitingIdentify(IdentifyWait.SLOT, r.identifiedBefore()), new AttemptIdentify())
                    : Transition.stay(state); // already waiting: the scheduled attempt serves the new request too
            case IdentifyBudgetSpent e -> waiting(state, IdentifyWait.BUDGET,
                    new ReportBudgetSpent(e.remaining(), atLeast(e.resetsIn(), MIN_BUDGET_WAIT)),
                    new ScheduleIdentifyRetry(atLeast(e.resetsIn(), MIN_BUDGET_WAIT)));
            case IdentifySlotBusy e -> waiting(state, IdentifyWait.SLOT, new ScheduleIdentifyRetry(e.freeIn()));
            case IdentifyRedisUnreachable e -> waiting(state, IdentifyWait.REDIS, new ReportRedisUnreachable(e.reason()),
                    new ScheduleIdentifyRetry(REDIS_RETRY));
            case IdentifySlotTaken e -> state instanceof AwaitingIdentify a
                    ? Transition.to(new Running(true), new PermitIdentify(!a.identifiedBefore()))
                    : Transition.stay(state); // nobody waits for it any more: the slot lapses unused
            case IdentifyRetryDue e -> state instanceof AwaitingIdentify ? Transition.to(state, new AttemptIdentify())
                    : Transition.stay(state);
            case IdentifyAbandoned e -> state instanceof AwaitingIdentify a
                    ? Transition.to(new Running(a.identifiedBefore()))
                    : Transition.stay(state);
            case BacklogOverBound e -> backlogOverBound(state, e.buffered());
            case BacklogChecked e -> backlogChecked(state, e);
            case GatewayStopped e -> state instanceof Running || state instanceof AwaitingIdentify
                    ? Transition.to(new Halted(e.reason()), new ReportHalted(e.reason()))
                    : Transition.stay(state); // our own close: pausing, or already halted
        };
    }

    private static Transition waiting(SupervisionState state, IdentifyWait wait, SupervisionAction... actions) {
        return state instanceof AwaitingIdentify a
                ? Transition.to(new AwaitingIdentify(wait, a.identifiedBefore()), actions)
                : Transition.stay(state); // an attempt's answer after the shard stopped waiting
    }

    private Transition backlogOverBound(SupervisionState state, int buffered) {
        if (buffered < maxBuffered) {
            return Transition.stay(state);
        }
        return switch (state) {
            case Running r -> Transition.to(new Paused(r.identifiedBefore()), new PauseShard(buffered));
            case AwaitingIdentify a -> Transition.to(new Paused(a.identifiedBefore()), new PauseShard(buffered));
            default -> Transition.stay(state);
        };
    }

    private Transition backlogChecked(SupervisionState state, BacklogChecked check) {
        if (!(state instanceof Paused paused)) {
            return Transition.stay(state);
        }
        if (check.buffered() <= maxBuffered / 2 && check.writable()) {
            return Transition.to(new Running(paused.identifiedBefore()), new ResumeShard(check.buffered()));
        }
        return Transition.to(paused, new ScheduleBacklogCheck(BACKLOG_CHECK));
    }

    private static Duration atLeast(Duration wait, Duration floor) {
        return wait.compareTo(floor) < 0 ? floor : wait;
    }
}
