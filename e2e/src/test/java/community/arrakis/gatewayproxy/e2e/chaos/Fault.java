package community.arrakis.gatewayproxy.e2e.chaos;

/**
 * One dependency's failure: {@link #inject} takes it away (or makes it misbehave), {@link #heal}
 * gives it back, and returns once it is back. {@link #dependency} is the name a worker's readiness
 * (or, for the broker, the ingestor's) must give while it lasts, or null when the workers are meant
 * to stay ready (Discord REST faults: they retry inside each interaction's deadline).
 */
interface Fault {

    /** How long the fault lasts, given the length the run asks for; a fault may need longer to bite. */
    default java.time.Duration outage(java.time.Duration asked) {
        return asked;
    }

    String dependency();

    /**
     * Whether the fault breaks the broker itself (stops it, alarms it): the scenario then runs on a
     * RabbitMQ node of its own, never on the machine's.
     */
    default boolean needsPrivateBroker() {
        return false;
    }

    void inject(ChaosPipeline pipeline) throws Exception;

    void heal(ChaosPipeline pipeline) throws Exception;

    /**
     * When the dependency was back, given when {@link #heal} started and returned: the recovery is
     * measured from it. By default when {@code heal} returned; a fault that can tell more exactly
     * (a restarted node's own log says when its listener opened, a moment before the command that
     * waited for it returns) says so.
     */
    default java.time.Instant backAt(ChaosPipeline pipeline, java.time.Instant healStarted,
                                     java.time.Instant healReturned) throws Exception {
        return healReturned;
    }
}
