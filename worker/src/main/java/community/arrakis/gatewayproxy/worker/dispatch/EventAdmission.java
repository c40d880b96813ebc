package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.envelope.Envelope;

/**
 * Whether a dispatcher runs an event at all: during a migration the standalone bot and the proxy
 * both receive every event, and each runs only its share (see the {@code migration} package).
 * Asked on the handler's thread before anything else; an event not admitted ends
 * {@link Outcome.NotOurs}.
 */
public interface EventAdmission {

    /** Admits every event; the default. */
    EventAdmission ALL = envelope -> true;

    /**
     * @throws community.arrakis.gatewayproxy.worker.state.StateUnavailableException when the store
     *         that decides is unusable: the event is held or returned, as for the ledger
     */
    boolean admits(Envelope envelope);

    /** After the event's outcome, admitted or not, on the same thread. */
    default void finished(Envelope envelope) {
    }
}
