package community.arrakis.gatewayproxy.discord.gateway.transport;

import community.arrakis.gatewayproxy.discord.gateway.compression.StreamDecoder;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway WebSocket on Netty: the last handler of its channel's pipeline, after the HTTP
 * upgrade and the WebSocket frame codec. Everything but {@link #send} and {@link #close} runs on
 * the channel's event-loop thread.
 */
final class NettyGatewayConnection extends ChannelInboundHandlerAdapter implements GatewayConnection {

    private static final Logger log = LoggerFactory.getLogger(NettyGatewayConnection.class);

    /** Which kind of WebSocket message the continuation frames in flight belong to. */
    private enum Assembling { NOTHING, TEXT, BINARY }

    private final TransportListener listener;
    /** Binary frames: the connection's transport compression. */
    private final StreamDecoder decoder;
    /** Text frames: JSON as it is, collected under the same cap. */
    private final StreamDecoder textFrames;
    private final Duration closeGrace;
    private final CompletableFuture<GatewayConnection> opened = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private Assembling assembling = Assembling.NOTHING;
    private volatile Channel channel;

    NettyGatewayConnection(TransportListener listener, StreamDecoder decoder, int maxMessageBytes,
                           Duration closeGrace) {
        this.listener = listener;
        this.decoder = decoder;
        this.textFrames = TransportCompression.NONE.newDecoder(maxMessageBytes);
        this.closeGrace = closeGrace;
    }

    CompletableFuture<GatewayConnection> opened() {
        return opened;
    }

    /** The TCP connect failed: the channel never became active. */
    void failToOpen(Throwable cause) {
        if (opened.completeExceptionally(cause)) {
            release();
        }
    }

    // ---------------------------------------------------------------- events from the channel

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            listener.onOpen(this);
            opened.complete(this);
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            opened.completeExceptionally(new IOException("the gateway did not answer the WebSocket upgrade in time"));
            ctx.close();
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            received(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private void received(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame close) {
            serverClosed(ctx, close);
            return;
        }
        if (closing.get() || ended.get()) {
            return; // closing: what still arrives is replayed on resume
        }
        try {
            switch (frame) {
                case TextWebSocketFrame t -> {
                    assembling = Assembling.TEXT;
                    feed(textFrames, t);
                }
                case BinaryWebSocketFrame b -> {
                    assembling = Assembling.BINARY;
                    feed(decoder, b);
                }
                case ContinuationWebSocketFrame c when assembling == Assembling.TEXT -> feed(textFrames, c);
                case ContinuationWebSocketFrame c when assembling == Assembling.BINARY -> feed(decoder, c);
                default -> log.debug("ignoring a {} from the gateway", frame.getClass().getSimpleName());
            }
        } catch (Exception e) {
            fail(ctx, e);
        }
    }

    private void feed(StreamDecoder frames, WebSocketFrame frame) throws Exception {
        ByteBuf content = frame.content();
        ByteBuffer data = content.nioBufferCount() == 1 ? content.nioBuffer()
                : ByteBuffer.wrap(ByteBufUtil.getBytes(content));
        boolean last = frame.isFinalFragment();
        if (last) {
            assembling = Assembling.NOTHING;
        }
        byte[] message = frames.feed(data, last);
        if (message != null) {
            deliver(message);
        }
    }

    private void deliver(byte[] message) {
        listener.onMessage(message, System.nanoTime());
    }

    /** The server's close frame: the answer to ours, or its own close, which we echo. */
    private void serverClosed(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        int code = close.statusCode();
        String reason = close.reasonText();
        if (closing.compareAndSet(false, true)) {
            CloseWebSocketFrame echo = code == -1 ? new CloseWebSocketFrame(true, 0, Unpooled.EMPTY_BUFFER)
                    : new CloseWebSocketFrame(code, "");
            ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
        if (ended.compareAndSet(false, true)) {
            listener.onClosed(code, reason == null ? "" : reason);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!opened.isDone()) {
            opened.completeExceptionally(cause);
            ctx.close();
            return;
        }
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable error) {
        closing.set(true);
        if (ended.compareAndSet(false, true)) {
            listener.onFailed(error);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!opened.isDone()) {
            opened.completeExceptionally(new IOException("the gateway closed the connection during the WebSocket upgrade"));
        } else if (ended.compareAndSet(false, true)) {
            listener.onFailed(new IOException("the gateway connection closed without a close frame"));
        }
        release();
        ctx.fireChannelInactive();
    }

    private void release() {
        if (closed.complete(null)) {
            decoder.close();
            textFrames.close();
        }
    }

    // ---------------------------------------------------------------- GatewayConnection, any thread

    @Override
    public void send(String payload) {
        Channel current = channel;
        if (current == null || closing.get()) {
            return;
        }
        current.writeAndFlush(new TextWebSocketFrame(payload))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        log.debug("gateway send failed: {}", f.cause().toString());
                    }
                });
    }

    @Override
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Channel current = channel;
        if (current == null) {
            release();
            return;
        }
        current.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
            if (!f.isSuccess()) {
                current.close();
            }
        });
        // the server's close frame answers within the grace, or the socket is closed regardless
        current.eventLoop().schedule(() -> current.close(), closeGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Void> closed() {
        return closed;
    }
}
