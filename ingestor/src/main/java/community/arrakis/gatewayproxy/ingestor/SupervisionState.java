package community.arrakis.gatewayproxy.ingestor;

/**
 * Where a {@link ShardSupervisor} is in its life cycle, beside the gateway shard's own status
 * (connecting, READY, reconnecting…), which the supervisor only reports. Each state carries exactly
 * the data valid in it.
 */
sealed interface SupervisionState {

    /** What the shard waits for, as its health check says it; null when it waits for nothing. */
    default String waitingFor() {
        return null;
    }

    /** Reading the shard's checkpoint from Redis, to resume from it. */
    record Starting(boolean waitingForRedis) implements SupervisionState {
        @Override
        public String waitingFor() {
            return waitingForRedis ? ShardSupervisor.WAITING_FOR_REDIS_TO_READ_CHECKPOINT : null;
        }
    }

    /**
     * The gateway shard runs (its own status says whether it is connecting, READY or reconnecting).
     *
     * @param identifiedBefore whether this shard has identified in this process already, so a new
     *                         identify means a lost session
     */
    record Running(boolean identifiedBefore) implements SupervisionState {
    }

    /** The shard asked to send IDENTIFY and waits for {@code waitingOn} before it may. */
    record AwaitingIdentify(IdentifyWait waitingOn, boolean identifiedBefore) implements SupervisionState {
        @Override
        public String waitingFor() {
            return waitingOn.description();
        }
    }

    /**
     * Closed resumably because too many of its events await the broker; resumes from the last
     * sequence received once the backlog is down to half and the publisher can write again.
     */
    record Paused(boolean identifiedBefore) implements SupervisionState {
        @Override
        public String waitingFor() {
            return "broker";
        }
    }

    /** Stopped by the ingestor (shutdown); the session is left resumable. */
    record Stopped() implements SupervisionState {
    }

    /** The gateway stopped by itself on a fatal close code; nothing restarts it. */
    record Halted(String reason) implements SupervisionState {
    }

    /** What a shard that wants to identify waits for. */
    enum IdentifyWait {
        /** The daily identify budget is down to its reserve until it resets. */
        BUDGET("identify budget"),
        /** Another shard of its bucket, in any process, identified less than the window ago. */
        SLOT("identify slot"),
        /** Redis, which holds the slots, does not answer. */
        REDIS(ShardSupervisor.WAITING_FOR_REDIS_TO_IDENTIFY);

        private final String description;

        IdentifyWait(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }
}
