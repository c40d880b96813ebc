package community.arrakis.gatewayproxy.worker.state;

/**
 * The state store cannot be used right now: not connected, no answer in time, still loading its
 * data after a restart, or a replica that refuses writes during a failover. Not the event's fault:
 * the worker holds or returns the event and tries again when the store answers (see {@code
 * StoreAvailability}), instead of failing or dead-lettering it.
 */
public final class StateUnavailableException extends RuntimeException {

    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether {@code failure} (or a cause of it) says the store is unusable rather than that the
     * call was wrong.
     */
    public static boolean isUnavailability(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StateUnavailableException) {
                return true;
            }
        }
        return false;
    }
}
