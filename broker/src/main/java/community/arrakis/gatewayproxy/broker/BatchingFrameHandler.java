package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.WriteListener;
import com.rabbitmq.client.impl.AMQConnection;
import com.rabbitmq.client.impl.Frame;
import com.rabbitmq.client.impl.FrameHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;

/**
 * RabbitMQ's socket frame handler, with the flush after a publish held back while the calling
 * thread is inside a {@link WriteBatching} batch. Everything else is the client's own.
 */
final class BatchingFrameHandler implements FrameHandler {

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
        batching.wrote(frame.getType());
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
