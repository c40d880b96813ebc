package community.arrakis.gatewayproxy.worker.chaos;

/**
 * One dependency's failure: {@link #inject} takes it away (or makes it misbehave), {@link #heal}
 * gives it back. {@link #dependency} is the name a worker's readiness must give while it lasts, or
 * null when the workers are meant to stay ready (Discord REST faults: they retry inside each
 * interaction's deadline).
 */
interface Fault {

    /** How long the fault lasts, given the length the run asks for; a fault may need longer to bite. */
    default java.time.Duration outage(java.time.Duration asked) {
        return asked;
    }

    String dependency();

    void inject(ChaosPipeline pipeline) throws Exception;

    void heal(ChaosPipeline pipeline) throws Exception;
}
