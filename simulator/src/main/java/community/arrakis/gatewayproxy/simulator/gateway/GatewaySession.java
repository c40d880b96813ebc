package community.arrakis.gatewayproxy.simulator.gateway;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway session: what IDENTIFY created and RESUME continues. It outlives its connections.
 * Each dispatch gets the next sequence number and goes into a bounded replay buffer; while a
 * connection is attached it is also sent at once.
 *
 * <p>Example: the session sent s=1..7 and the connection dropped; s=8 and s=9 arrive while detached
 * and are only buffered. A RESUME with seq=7 replays 8 and 9 with their original numbers, then
 * RESUMED goes out as s=10. A RESUME with seq=12 claims a number never sent and is an invalid seq;
 * if the buffer no longer holds s=8 the session cannot be resumed.
 */
public final class GatewaySession {
    private record Buffered(long seq, String frame) { }

    private final String id;
    private final IdentifyRequest identify;
    private final int replayCapacity;
    private final ArrayDeque<Buffered> replay = new ArrayDeque<>();
    private long seq;
    private GatewayConnection connection;
    private long detachedAtMillis;
    private boolean ended;

    GatewaySession(String id, IdentifyRequest identify, int replayCapacity) {
        this.id = id;
        this.identify = identify;
        this.replayCapacity = replayCapacity;
    }

    public String id() {
        return id;
    }

    public int shardId() {
        return identify.shardId();
    }

    public int shardCount() {
        return identify.shardCount();
    }

    public long intents() {
        return identify.intents();
    }

    IdentifyRequest identify() {
        return identify;
    }

    /** Assigns the next seq, buffers the frame and sends it if connected; -1 once the session ended. */
    synchronized long dispatch(String type, String data) {
        if (ended) {
            return -1;
        }
        seq++;
        String frame = Frames.dispatch(type, seq, data);
        replay.addLast(new Buffered(seq, frame));
        if (replay.size() > replayCapacity) {
            replay.removeFirst();
        }
        if (connection != null) {
            connection.sendFrame(frame);
        }
        return seq;
    }

    synchronized boolean connected() {
        return connection != null;
    }

    synchronized GatewayConnection connection() {
        return connection;
    }

    synchronized void attach(GatewayConnection newConnection) {
        connection = newConnection;
    }

    /** Detaches only if {@code from} is still the attached connection (a resume may have moved on). */
    synchronized void detach(GatewayConnection from, long nowMillis) {
        if (connection == from) {
            connection = null;
            detachedAtMillis = nowMillis;
        }
    }

    synchronized void end() {
        ended = true;
        connection = null;
        replay.clear();
    }

    synchronized boolean ended() {
        return ended;
    }

    synchronized boolean expired(long nowMillis, long resumeWindowMillis) {
        return ended || (connection == null && nowMillis - detachedAtMillis > resumeWindowMillis);
    }

    synchronized ResumeVerdict resumeVerdict(long clientSeq) {
        if (ended) {
            return new ResumeVerdict.Gone();
        }
        if (clientSeq > seq || clientSeq < 0) {
            return new ResumeVerdict.InvalidSeq(id);
        }
        boolean everythingMissedIsBuffered = clientSeq == seq
                || (!replay.isEmpty() && replay.peekFirst().seq() <= clientSeq + 1);
        return everythingMissedIsBuffered ? new ResumeVerdict.Resumable(id, clientSeq) : new ResumeVerdict.Gone();
    }

    /**
     * Moves the session onto {@code newConnection}: replays what came after {@code clientSeq} and
     * sends RESUMED, all under the session lock so no new dispatch can slip in between.
     *
     * @return the connection the session was attached to before (to be closed by the caller) and the
     *         seq of RESUMED
     */
    synchronized Resumed resumeOn(GatewayConnection newConnection, long clientSeq) {
        GatewayConnection previous = connection;
        List<String> missed = new ArrayList<>();
        for (Buffered buffered : replay) {
            if (buffered.seq() > clientSeq) {
                missed.add(buffered.frame());
            }
        }
        connection = newConnection;
        missed.forEach(newConnection::sendFrame);
        long resumedSeq = dispatch("RESUMED", "{}");
        return new Resumed(previous == newConnection ? null : previous, resumedSeq, missed.size());
    }

    record Resumed(GatewayConnection previous, long resumedSeq, int replayed) { }

    synchronized long lastSeq() {
        return seq;
    }
}
