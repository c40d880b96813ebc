package community.arrakis.gatewayproxy.ops;

import java.time.Duration;

/**
 * Waits for a while: the seam through which code that waits (a retry's delay, a poll) gets its
 * time, so tests observe or skip the waits instead of sleeping. The same shape as the REST
 * client's and the gateway's own; here for the ingestor and the worker, which both depend on this
 * module.
 */
@FunctionalInterface
public interface Sleeper {

    /** The real one: {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = Thread::sleep;

    void sleep(Duration duration) throws InterruptedException;
}
