package community.arrakis.gatewayproxy.worker.state;

import java.time.Duration;

/**
 * Remembers which events took effect, so that a redelivered, republished or replayed event (same
 * deterministic {@code eventId}) runs at most once while its record lives.
 *
 * <p>An event is claimed before its handler runs (value {@code p:<owner>}) and marked done after
 * the handler succeeded (value {@code done}, kept for the retention). A worker that dies mid-event
 * stops refreshing its heartbeat key; the next claimer sees the owner gone and takes the event over
 * at once instead of waiting for a lease to run out: interactions have only 3 s.
 *
 * <p>Memory: one small key per event for the retention period, e.g. 15 min at 1,000 events/s is
 * 900,000 keys, roughly 90 MB of Redis.
 */
public interface EventLedger {

    ClaimResult claim(String eventId, String owner);

    /** The event took effect: duplicates are acknowledged without running for {@code retention}. */
    void complete(String eventId, Duration retention);

    /** The owner gives the event up (it was dead-lettered or will be redelivered): it may run again. */
    void release(String eventId, String owner);

    /** Tells other workers the owner is alive for {@code ttl}; called periodically. */
    void heartbeat(String owner, Duration ttl);
}
