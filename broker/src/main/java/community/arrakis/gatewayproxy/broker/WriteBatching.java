package community.arrakis.gatewayproxy.broker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a thread gather the socket writes of many publishes into one, by holding back the flush
 * RabbitMQ's client does after every command until the thread says its batch is over.
 *
 * <p>Why: the client writes each publish to the socket at once, one system call per message, and on
 * loopback the sender's write also runs the receiver's TCP input path; at tens of thousands of
 * events a second that was the largest share of the gateway thread's time, and it hands the broker
 * one small read per message too. The gateway transport knows where each pass of its reading thread
 * over the sockets begins and ends: {@link #begin} before the pass, {@link #end} after it, on the
 * same thread. The messages one pass read then go to RabbitMQ in one write, and nothing waits for
 * a timer: the last message of a pass goes out as soon as the pass is over.
 *
 * <p>Only the flushes that end a publish are held back (a command with content: its last frame is
 * a content header or body), only the calling thread's, and only between its own {@code begin} and
 * {@code end}. Any other command flushes at once, with whatever the batch wrote before it: one that
 * waits for the broker's answer (a channel or connection close, say) would otherwise wait for
 * the end of a batch that cannot come while its thread waits. Every other thread (the client's heartbeats, a resend after recovery) flushes as
 * before, and with it whatever a batch had written so far. Holding back a flush never loses a
 * message: a publish counts as sent only once the broker confirms it, and a connection lost with
 * bytes still unflushed leaves those messages unconfirmed, so they are sent again on recovery.
 */
public final class WriteBatching {

    private static final Logger log = LoggerFactory.getLogger(WriteBatching.class);

    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);
    /**
     * The first thread to begin a batch (the gateway's event loop, usually the only one) finds its
     * batch here rather than through {@link #batches}: it looks it up for every frame it writes,
     * and the thread-local lookup showed among that thread's largest costs under load.
     */
    private volatile Thread firstThread;
    private Batch firstBatch;

    /** From now on the calling thread's flushes wait for its {@link #end}. Nested calls are counted. */
    public void begin() {
        Thread current = Thread.currentThread();
        if (firstThread == null) {
            claimFirst(current);
        }
        batch(current).depth++;
    }

    /** Ends the calling thread's batch: flushes what its publishes wrote since {@link #begin}. */
    public void end() {
        Batch batch = batch(Thread.currentThread());
        if (batch.depth == 0 || --batch.depth > 0) {
            return;
        }
        List<BatchingFrameHandler> dirty = batch.dirty;
        for (int i = 0; i < dirty.size(); i++) {
            BatchingFrameHandler handler = dirty.get(i);
            try {
                handler.flushNow();
            } catch (IOException | RuntimeException e) {
                // the connection is going away; its reader thread sees it and recovery resends
                // everything unconfirmed, these messages included
                log.debug("flush at the end of a write batch failed: {}", e.toString());
            }
        }
        dirty.clear();
    }

    /**
     * Notes what the calling thread just wrote.
     *
     * @param content a content header or body frame: the last frame of a publish, if none follows
     */
    void wrote(boolean content) {
        Batch batch = batch(Thread.currentThread());
        if (batch.depth > 0) {
            batch.afterContent = content;
        }
    }

    /**
     * Whether the calling thread's flush can wait: it is inside a batch and the command it just
     * wrote is a publish. If so, {@code handler} is flushed at the batch's end.
     */
    boolean defer(BatchingFrameHandler handler) {
        Batch batch = batch(Thread.currentThread());
        if (batch.depth == 0 || !batch.afterContent) {
            return false;
        }
        if (!batch.dirty.contains(handler)) {
            batch.dirty.add(handler);
        }
        return true;
    }

    private Batch batch(Thread current) {
        // only the first thread itself ever reads firstBatch, after writing it
        return current == firstThread ? firstBatch : batches.get();
    }

    private synchronized void claimFirst(Thread current) {
        if (firstThread == null) {
            firstBatch = new Batch();
            firstThread = current;
        }
    }

    private static final class Batch {
        int depth;
        /** The last frame this thread wrote was a content header or body: the end of a publish. */
        boolean afterContent;
        /** Usually one: the handlers written to in this batch. */
        final List<BatchingFrameHandler> dirty = new ArrayList<>(2);
    }
}
