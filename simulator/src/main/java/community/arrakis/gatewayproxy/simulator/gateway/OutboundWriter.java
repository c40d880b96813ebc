package community.arrakis.gatewayproxy.simulator.gateway;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.BatchMode;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serializes everything one connection sends. Producers (the session's dispatches, heartbeat ACKs,
 * faults) only enqueue; a single drain task at a time compresses and hands frames to Jetty, so order
 * is kept and a slow client never blocks the thread that emitted the event.
 *
 * <p>Frames are batched: a frame with another frame queued behind it is handed to Jetty in batch
 * mode, which gathers it; the last one before the queue runs dry (or before a close or drop) is not,
 * and sends the gathered lot in one write. A busy connection therefore gets many frames per TCP
 * write, as a real server's socket would coalesce them, instead of one system call per event on
 * both ends; a quiet one gets each frame at once. Nothing here waits for the socket, so a client
 * that stops reading cannot stall the writer, and a close or drop fault still goes through.
 */
final class OutboundWriter {
    private static final Logger LOG = LoggerFactory.getLogger(OutboundWriter.class);

    private sealed interface Outbound {
        record Text(String frame) implements Outbound { }

        record Close(int code, String reason) implements Outbound { }

        record Drop() implements Outbound { }
    }

    private final Session session;
    private final StreamEncoder encoder;
    private final Executor executor;
    private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean finished;

    /** @param encoder the connection's transport compression, or null for text frames */
    OutboundWriter(Session session, StreamEncoder encoder, Executor executor) {
        this.session = session;
        this.encoder = encoder;
        this.executor = executor;
    }

    void text(String frame) {
        enqueue(new Outbound.Text(frame));
    }

    void close(int code, String reason) {
        enqueue(new Outbound.Close(code, reason));
    }

    void drop() {
        enqueue(new Outbound.Drop());
    }

    private void enqueue(Outbound item) {
        if (finished) {
            return;
        }
        queue.add(item);
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            do {
                Outbound item;
                while ((item = queue.poll()) != null) {
                    if (!finished) {
                        write(item);
                    }
                }
                draining.set(false);
            } while (!queue.isEmpty() && draining.compareAndSet(false, true));
        } catch (RuntimeException e) {
            LOG.debug("Gateway write failed; the connection is going away", e);
            finish();
            draining.set(false);
        }
    }

    private void write(Outbound item) {
        switch (item) {
            case Outbound.Text text -> {
                session.getRemote().setBatchMode(queue.peek() instanceof Outbound.Text ? BatchMode.ON : BatchMode.OFF);
                if (encoder != null) {
                    session.getRemote().sendBytes(ByteBuffer.wrap(encoder.encode(text.frame())), IGNORE);
                } else {
                    session.getRemote().sendString(text.frame(), IGNORE);
                }
            }
            case Outbound.Close close -> {
                finish();
                session.close(close.code(), close.reason());
            }
            case Outbound.Drop ignored -> {
                finish();
                session.disconnect();
            }
        }
    }

    private void finish() {
        finished = true;
        queue.clear();
        if (encoder != null) {
            encoder.close();
        }
    }

    private static final WriteCallback IGNORE = new WriteCallback() {
        @Override
        public void writeFailed(Throwable cause) {
            LOG.debug("Gateway frame not delivered: {}", cause.toString());
        }
    };
}
