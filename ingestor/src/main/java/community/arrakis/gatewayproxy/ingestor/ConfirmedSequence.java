package community.arrakis.gatewayproxy.ingestor;

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
 * Thread-safe: sequences are received on the shard's reading thread and confirmed on the broker's;
 * every method takes this object's lock, held for a few array operations. The in-flight set is a
 * ring of sequences in ascending order: the reading thread appends (sequences only grow within a
 * session), confirms mostly remove the oldest, so neither allocates nor walks a tree on the hot path.
 */
final class ConfirmedSequence {

    private static final int INITIAL_CAPACITY = 1024;

    private final String sessionId;
    private final String resumeGatewayUrl;
    /** In-flight sequences, ascending, in {@code ring[head .. head+size)} modulo its length. */
    private long[] ring = new long[INITIAL_CAPACITY];
    /** Confirmed, but not yet at the head: removed once everything before it is confirmed too. */
    private boolean[] done = new boolean[INITIAL_CAPACITY];
    private int head;
    private int size;
    private long highest;

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
    synchronized void sent(long sequence) {
        if (size == 0 || sequence > at(size - 1)) {
            append(sequence);
        } else if (indexOf(sequence) < 0) {
            insertInOrder(sequence); // not seen within a session; kept correct rather than fast
        } else {
            done[slot(indexOf(sequence))] = false; // sent again (a replay) while in flight: one confirm clears it
        }
        raise(sequence);
    }

    /** A dispatch that needs no confirm (not forwarded). */
    synchronized void skipped(long sequence) {
        raise(sequence);
    }

    synchronized void confirmed(long sequence) {
        int index = indexOf(sequence);
        if (index < 0) {
            return;
        }
        done[slot(index)] = true;
        while (size > 0 && done[head]) {
            done[head] = false;
            head = (head + 1) % ring.length;
            size--;
        }
    }

    synchronized long safe() {
        if (size == 0) {
            return highest;
        }
        long oldest = ring[head];
        return Math.min(highest, oldest - 1);
    }

    synchronized long highest() {
        return highest;
    }

    /** Sequences sent and not yet confirmed. */
    synchronized int inFlight() {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (!done[slot(i)]) {
                count++;
            }
        }
        return count;
    }

    private void raise(long sequence) {
        if (sequence > highest) {
            highest = sequence;
        }
    }

    private long at(int index) {
        return ring[slot(index)];
    }

    private int slot(int index) {
        return (head + index) % ring.length;
    }

    /** Binary search over the ascending ring; -1 when absent. */
    private int indexOf(long sequence) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long value = at(mid);
            if (value < sequence) {
                low = mid + 1;
            } else if (value > sequence) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    private void append(long sequence) {
        if (size == ring.length) {
            grow();
        }
        ring[slot(size)] = sequence;
        done[slot(size)] = false;
        size++;
    }

    private void insertInOrder(long sequence) {
        append(sequence);
        // bubble the new last element back to its place
        for (int i = size - 1; i > 0 && at(i - 1) > at(i); i--) {
            int a = slot(i - 1);
            int b = slot(i);
            long value = ring[a];
            ring[a] = ring[b];
            ring[b] = value;
            boolean flag = done[a];
            done[a] = done[b];
            done[b] = flag;
        }
    }

    private void grow() {
        long[] biggerRing = new long[ring.length * 2];
        boolean[] biggerDone = new boolean[ring.length * 2];
        for (int i = 0; i < size; i++) {
            biggerRing[i] = at(i);
            biggerDone[i] = done[slot(i)];
        }
        ring = biggerRing;
        done = biggerDone;
        head = 0;
    }
}
