package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import java.time.Duration;

/** What the supervisor must do after a transition, in list order. */
sealed interface SupervisionAction {

    /** Read the checkpoint (off the caller's thread: it may wait for Redis); answer with CheckpointRead or CheckpointUnreadable. */
    record ReadCheckpoint() implements SupervisionAction {
    }

    /** Report to {@link RedisAvailability} that Redis did not answer (it logs the outage once). */
    record ReportRedisUnreachable(String reason) implements SupervisionAction {
    }

    /** Fire CheckpointRetryDue after {@code delay}. */
    record ScheduleCheckpointRetry(Duration delay) implements SupervisionAction {
    }

    /** Start a gateway shard, resuming from {@code checkpoint} when there is one. */
    record StartShard(ResumeState checkpoint) implements SupervisionAction {
    }

    /** Check the budget and try to take the bucket's slot; answer with one of the Identify… events. */
    record AttemptIdentify() implements SupervisionAction {
    }

    /** Log that the identify budget is down to its reserve (an ERROR: the operator must know). */
    record ReportBudgetSpent(int remaining, Duration resetsIn) implements SupervisionAction {
    }

    /** Fire IdentifyRetryDue after {@code delay}. */
    record ScheduleIdentifyRetry(Duration delay) implements SupervisionAction {
    }

    /** Count the identify (budget and metric) and let the waiting shard send IDENTIFY. */
    record PermitIdentify(boolean firstSession) implements SupervisionAction {
    }

    /** Count and log the pause, close the shard resumably (off the caller's thread), then check the backlog. */
    record PauseShard(int buffered) implements SupervisionAction {
    }

    /** Fire BacklogChecked after {@code delay}. */
    record ScheduleBacklogCheck(Duration delay) implements SupervisionAction {
    }

    /** Start a gateway shard again, resuming from the last sequence received. */
    record ResumeShard(int buffered) implements SupervisionAction {
    }

    /** Log that the gateway stopped for good, and why. */
    record ReportHalted(String reason) implements SupervisionAction {
    }

    /** Close the gateway shard resumably. */
    record CloseShard() implements SupervisionAction {
    }
}
