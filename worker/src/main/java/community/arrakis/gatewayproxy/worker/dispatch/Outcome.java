package community.arrakis.gatewayproxy.worker.dispatch;

/**
 * How handling one envelope ended. The event source maps it: everything but {@link Failed},
 * {@link InProgressElsewhere} and {@link StoreUnavailable} is acknowledged; {@link Failed} is
 * dead-lettered (with its reason) and then acknowledged; {@link InProgressElsewhere} is handed back
 * to the broker; {@link StoreUnavailable} is held or handed back until the store answers.
 */
public sealed interface Outcome {

    /** Short label, the {@code outcome} tag of the processed-events metric. */
    String label();

    /** The handler ran and returned. */
    record Handled() implements Outcome {
        public String label() {
            return "handled";
        }
    }

    /** No handler is registered for the event: acknowledged, nothing to do. */
    record NoHandler() implements Outcome {
        public String label() {
            return "no_handler";
        }
    }

    /**
     * The event belongs to the other side of a migration (a guild canary: the standalone bot and the
     * proxy share the bot's events, see {@link EventAdmission}): acknowledged, nothing run here.
     */
    record NotOurs() implements Outcome {
        public String label() {
            return "not_ours";
        }
    }

    /** The interaction was past Discord's clock: acknowledged without (further) work. */
    record Expired(String reason) implements Outcome {
        public String label() {
            return "expired";
        }
    }

    /** The event already took effect (redelivery or replay): acknowledged without running. */
    record Duplicate() implements Outcome {
        public String label() {
            return "duplicate";
        }
    }

    /** Another live worker is running the same event; give it back to the broker. */
    record InProgressElsewhere() implements Outcome {
        public String label() {
            return "in_progress_elsewhere";
        }
    }

    /**
     * The state store (Redis) was unusable before the event could take effect: the event source
     * holds it and runs it again when the store answers (guild events, in order), or returns it to
     * the broker (interactions, which another worker may answer in time).
     */
    record StoreUnavailable(String reason) implements Outcome {
        public String label() {
            return "store_unavailable";
        }
    }

    /**
     * The handler failed. {@code retryable} says whether another try could help; by the time a
     * {@code Failed} leaves the dispatcher its retries are used up, so it is dead-lettered.
     */
    record Failed(boolean retryable, String reason, Throwable cause, int attempts) implements Outcome {
        public String label() {
            return retryable ? "failed_retryable" : "failed_permanent";
        }
    }
}
