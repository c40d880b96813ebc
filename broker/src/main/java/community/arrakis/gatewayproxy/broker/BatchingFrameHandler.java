package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.WriteListener;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;

/**
 * RabbitMQ's socket frame handler, with the flush after a publish held back while the calling
 * thread is inside a {@link WriteBatching} batch. Everything else is the client's own.
 *
 * <p>The one class that relies on the client's internals ({@code com.rabbitmq.client.impl}, not
 * its public API; ArchitectureTest in app keeps it so). What it relies on, and what to check
 * after an amqp-client upgrade:
 *
 * <ol>
 *   <li>{@code ConnectionFactory.createFrameHandlerFactory()} is protected and not final, and is
 *       what every new connection (recoveries included) gets its socket's {@link FrameHandler} from;</li>
 *   <li>the client writes each frame of a command with {@link #writeFrame} and then calls
 *       {@link #flush(WriteListener) flush(null)} once for the command, on the thread that sent it;
 *       a publish's last frame is a content header or body frame (AMQP 0-9-1's own rule);</li>
 *   <li>{@link FrameHandler} and {@code NetworkConnection} have no method this class does not
 *       override: a method added with a default body would skip the socket's own handler.</li>
 * </ol>
 *
 * {@code BatchingFrameHandlerTest} fails, naming the method, when (3) breaks; {@code WriteBatchingIT}
 * fails, saying which, when (1) or (2) does: every publish would then be its own socket write again
 * (a slower ingestor, nothing lost), or a publish would be written before its batch ends.
 */
final class BatchingFrameHandler implements FrameHandler {

    /** A connection factory whose connections' flushes after a publish wait for {@code batching}'s batch to end. */
    static ConnectionFactory connectionFactory(WriteBatching batching) {
        return new ConnectionFactory() {
            @Override
            protected synchronized FrameHandlerFactory createFrameHandlerFactory() throws IOException {
                FrameHandlerFactory sockets = super.createFrameHandlerFactory();
                return (address, connectionName) ->
                        new BatchingFrameHandler(sockets.create(address, connectionName), batching);
            }
        };
    }

    /** The amqp-client version on the classpath, from its jar's manifest; for the messages of tests. */
    static String clientVersion() {
        String version = ConnectionFactory.class.getPackage().getImplementationVersion();
        return version == null ? "(unknown version)" : version;
    }

    private final FrameHandler delegate;
    private final WriteBatching batching;

    BatchingFrameHandler(FrameHandler delegate, WriteBatching batching) {
        this.delegate = delegate;
        this.batching = batching;
    }

    @Override
    public void flush(WriteListener listener) throws IOException {
        // a caller that asked to hear about the write gets it at once
        if (listener == null && batching.defer(this)) {
            return;
        }
        delegate.flush(listener);
    }

    void flushNow() throws IOException {
        delegate.flush(null);
    }

    @Override
    public boolean internalHearbeat() {
        return delegate.internalHearbeat();
    }

    @Override
    public void setTimeout(int timeoutMs) throws SocketException {
        delegate.setTimeout(timeoutMs);
    }

    @Override
    public int getTimeout() throws SocketException {
        return delegate.getTimeout();
    }

    @Override
    public void sendHeader() throws IOException {
        delegate.sendHeader();
    }

    @Override
    public void initialize(AMQConnection connection) {
        delegate.initialize(connection);
    }

    @Override
    public void startProcessing() {
        delegate.startProcessing();
    }

    @Override
    public void finishConnectionNegotiation() {
        delegate.finishConnectionNegotiation();
    }

    @Override
    public void setFrameMax(int frameMax) {
        delegate.setFrameMax(frameMax);
    }

    @Override
    public Frame readFrame() throws IOException {
        return delegate.readFrame();
    }

    @Override
    public void writeFrame(Frame frame) throws IOException {
        delegate.writeFrame(frame);
        batching.wrote(frame.getType() == AMQP.FRAME_HEADER || frame.getType() == AMQP.FRAME_BODY);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public InetAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return delegate.getLocalPort();
    }

    @Override
    public InetAddress getAddress() {
        return delegate.getAddress();
    }

    @Override
    public int getPort() {
        return delegate.getPort();
    }
}
