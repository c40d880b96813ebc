package community.arrakis.gatewayproxy.ingestor;

import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The last sequence of one gateway session up to which every event is safe: confirmed by the broker,
 * or not forwarded at all. That, and not the last sequence received, is what a checkpoint may
 * store: resuming from it makes Discord replay exactly what might not be in the broker yet.
 *
 * <p>It is the smallest sequence still in flight, minus one; with nothing in flight, the highest
 * sequence received. A worked example:
 *
 * <pre>
 * start (READY s=1)          highest 1   in flight {}          safe 1
 * received 2, 3, 4 (sent)    highest 4   in flight {2, 3, 4}   safe 1
 * received 5 (not forwarded) highest 5   in flight {2, 3, 4}   safe 1
 * confirmed 3                            in flight {2, 4}      safe 1   (2 may still be lost)
 * confirmed 2                            in flight {4}         safe 3
 * confirmed 4                            in flight {}          safe 5   (5 needed no confirm)
 * </pre>
 *
 * Thread-safe: sequences are received on the shard's reading thread and confirmed on the broker's.
 * {@link #received} adds to the in-flight set before it raises the highest, and {@link #safe} reads
 * the highest before the set, so it never reports a sequence that is still in flight.
 */
final class ConfirmedSequence {

    private final String sessionId;
    private final String resumeGatewayUrl;
    private final ConcurrentSkipListSet<Long> inFlight = new ConcurrentSkipListSet<>();
    private volatile long highest;

    /** @param start the sequence the session starts from (READY's, or the checkpoint resumed from) */
    ConfirmedSequence(String sessionId, String resumeGatewayUrl, long start) {
        this.sessionId = sessionId;
        this.resumeGatewayUrl = resumeGatewayUrl;
        this.highest = start;
    }

    String sessionId() {
        return sessionId;
    }

    String resumeGatewayUrl() {
        return resumeGatewayUrl;
    }

    /** A dispatch that was handed to the broker and awaits its confirm. */
    void sent(long sequence) {
        inFlight.add(sequence);
        raise(sequence);
    }

    /** A dispatch that needs no confirm (not forwarded). */
    void skipped(long sequence) {
        raise(sequence);
    }

    void confirmed(long sequence) {
        inFlight.remove(sequence);
    }

    long safe() {
        long top = highest;
        // ceiling, not isEmpty() then first(): the set may empty itself in between (a confirm).
        Long oldest = inFlight.ceiling(Long.MIN_VALUE);
        return oldest == null || oldest > top ? top : Math.min(top, oldest - 1);
    }

    long highest() {
        return highest;
    }

    int inFlight() {
        return inFlight.size();
    }

    private synchronized void raise(long sequence) {
        if (sequence > highest) {
            highest = sequence;
        }
    }
}
