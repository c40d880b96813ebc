package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import java.time.Duration;

/** Something that happened to a supervised shard, fed to {@link SupervisionTransitions#next}. */
sealed interface SupervisionEvent {

    /** The ingestor started the supervisor. */
    record StartRequested() implements SupervisionEvent {
    }

    /** The checkpoint was read; {@code checkpoint} is null when the shard has none. */
    record CheckpointRead(ResumeState checkpoint) implements SupervisionEvent {
    }

    /** Redis did not answer the checkpoint read. */
    record CheckpointUnreadable(String reason) implements SupervisionEvent {
    }

    /** The wait before reading the checkpoint again passed. */
    record CheckpointRetryDue() implements SupervisionEvent {
    }

    /** The gateway shard is about to send IDENTIFY and asks for permission. */
    record IdentifyRequested() implements SupervisionEvent {
    }

    /** The identify budget is down to its reserve for {@code resetsIn} more. */
    record IdentifyBudgetSpent(int remaining, Duration resetsIn) implements SupervisionEvent {
    }

    /** The bucket's slot is taken; it may be free in {@code freeIn}. */
    record IdentifySlotBusy(Duration freeIn) implements SupervisionEvent {
    }

    /** Redis did not answer the attempt to take the slot. */
    record IdentifyRedisUnreachable(String reason) implements SupervisionEvent {
    }

    /** The bucket's slot is ours: the shard may identify now. */
    record IdentifySlotTaken() implements SupervisionEvent {
    }

    /** The wait before the next identify attempt passed. */
    record IdentifyRetryDue() implements SupervisionEvent {
    }

    /** The shard stopped waiting to identify (its connection or the shard closed). */
    record IdentifyAbandoned() implements SupervisionEvent {
    }

    /** A dispatch found {@code buffered} events awaiting the broker, at or over the bound. */
    record BacklogOverBound(int buffered) implements SupervisionEvent {
    }

    /** A look at the publisher while paused. */
    record BacklogChecked(int buffered, boolean writable) implements SupervisionEvent {
    }

    /** The gateway shard's status turned STOPPED. */
    record GatewayStopped(String reason) implements SupervisionEvent {
    }

    /** The ingestor is shutting down. */
    record StopRequested() implements SupervisionEvent {
    }
}
