package community.arrakis.gatewayproxy.discord.gateway.transport;

import community.arrakis.gatewayproxy.discord.gateway.compression.MessageTooLargeException;
import community.arrakis.gatewayproxy.discord.gateway.compression.StreamDecoder;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link GatewayTransport} on the JDK's {@code java.net.http.WebSocket}.
 *
 * <p>Flow control is the JDK's own: the socket delivers a message part only against demand from
 * {@code request(n)}. We open with {@value #DEMAND_AHEAD} parts of demand and give one back for
 * each part once we are done with it: right away while a message is incomplete, and after a
 * complete message only once the {@link TransportListener} returned. Parts are delivered one at a
 * time on the reading thread, so a listener that blocks still stops the socket from reading and
 * TCP pushes back to Discord; the demand ahead only spares the JDK from parking and re-arming its
 * read for every message (one selector round trip per event, measured as the transport's largest
 * cost under load).
 */
public final class JdkWebSocketTransport implements GatewayTransport {

    /** Message parts the socket may read ahead of the one being handled. */
    static final int DEMAND_AHEAD = 16;

    private static final Logger log = LoggerFactory.getLogger(JdkWebSocketTransport.class);

    private final HttpClient http;
    private final int maxMessageBytes;
    private final Duration connectTimeout;
    private final boolean ownsHttp;

    /** A transport on {@code http}, which the caller owns and closes. */
    public JdkWebSocketTransport(HttpClient http, int maxMessageBytes, Duration connectTimeout) {
        this(http, maxMessageBytes, connectTimeout, false);
    }

    /** A transport with its own HttpClient, closed with the transport. */
    public JdkWebSocketTransport(int maxMessageBytes, Duration connectTimeout) {
        this(HttpClient.newHttpClient(), maxMessageBytes, connectTimeout, true);
    }

    private JdkWebSocketTransport(HttpClient http, int maxMessageBytes, Duration connectTimeout, boolean ownsHttp) {
        this.ownsHttp = ownsHttp;
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        this.http = http;
        this.maxMessageBytes = maxMessageBytes;
        this.connectTimeout = connectTimeout;
    }

    public JdkWebSocketTransport() {
        this(DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_CONNECT_TIMEOUT);
    }

    @Override
    public void close() {
        if (ownsHttp) {
            http.shutdownNow();
        }
    }

    @Override
    public CompletableFuture<GatewayConnection> connect(URI url, TransportCompression compression,
                                                        TransportListener listener) {
        Connection connection = new Connection(listener, compression.newDecoder(maxMessageBytes), maxMessageBytes);
        return http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(url, connection)
                .thenApply(ws -> (GatewayConnection) connection)
                .whenComplete((c, error) -> {
                    if (error != null) {
                        connection.release();
                    }
                });
    }

    private static final class Connection implements WebSocket.Listener, GatewayConnection {
        private final TransportListener listener;
        private final StreamDecoder decoder;
        private final int maxMessageBytes;
        private final StringBuilder text = new StringBuilder();
        private final AtomicBoolean closing = new AtomicBoolean();
        private final AtomicBoolean ended = new AtomicBoolean();
        private final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final Object sendLock = new Object();
        private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
        private volatile WebSocket ws;

        Connection(TransportListener listener, StreamDecoder decoder, int maxMessageBytes) {
            this.listener = listener;
            this.decoder = decoder;
            this.maxMessageBytes = maxMessageBytes;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.ws = webSocket;
            listener.onOpen(this);
            webSocket.request(DEMAND_AHEAD);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if (closing.get()) {
                webSocket.request(1);
                return null;
            }
            if (text.length() + data.length() > maxMessageBytes) {
                fail(new MessageTooLargeException("a text gateway message", text.length() + data.length(), maxMessageBytes));
                return null;
            }
            text.append(data);
            if (!last) {
                webSocket.request(1);
                return null;
            }
            byte[] message = text.toString().getBytes(StandardCharsets.UTF_8);
            text.setLength(0);
            deliver(webSocket, message);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (closing.get()) {
                webSocket.request(1);
                return null;
            }
            byte[] message;
            try {
                message = decoder.feed(data, last);
            } catch (Exception e) {
                fail(e);
                return null;
            }
            if (message == null) {
                webSocket.request(1);
            } else {
                deliver(webSocket, message);
            }
            return null;
        }

        private void deliver(WebSocket webSocket, byte[] message) {
            long now = System.nanoTime();
            try {
                listener.onMessage(message, now);
            } catch (RuntimeException e) {
                // the shard catches its own errors; this is a last line so the socket is not left stalled
                log.error("gateway message handler failed; closing the connection", e);
                fail(e);
                return;
            }
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (ended.compareAndSet(false, true)) {
                listener.onClosed(statusCode, reason);
            }
            release();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (ended.compareAndSet(false, true)) {
                listener.onFailed(error);
            }
            release();
        }

        private void fail(Throwable error) {
            if (ended.compareAndSet(false, true)) {
                listener.onFailed(error);
            }
            closing.set(true);
            WebSocket socket = ws;
            if (socket != null) {
                socket.abort();
            }
            release();
        }

        @Override
        public void send(String payload) {
            WebSocket socket = ws;
            if (socket == null || closing.get()) {
                return;
            }
            synchronized (sendLock) {
                // java.net.http allows one outstanding send at a time, so sends are chained
                sendChain = sendChain.handle((ok, error) -> null)
                        .thenCompose(ignored -> socket.sendText(payload, true))
                        .exceptionally(error -> {
                            log.debug("gateway send failed: {}", error.toString());
                            return null;
                        });
            }
        }

        @Override
        public void close(int code, String reason) {
            if (!closing.compareAndSet(false, true)) {
                return;
            }
            WebSocket socket = ws;
            if (socket == null) {
                release();
                return;
            }
            synchronized (sendLock) {
                sendChain = sendChain.handle((ok, error) -> null)
                        .thenCompose(ignored -> socket.sendClose(code, reason))
                        .exceptionally(error -> {
                            socket.abort();
                            return null;
                        });
            }
            // keep reading so the server's close frame can arrive; messages are discarded now
            socket.request(1);
            CompletableFuture.delayedExecutor(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
                if (!closed.isDone()) {
                    socket.abort();
                    release();
                }
            });
        }

        @Override
        public CompletableFuture<Void> closed() {
            return closed;
        }

        void release() {
            if (closed.complete(null)) {
                // Decoders exclude a close from a decode in progress (Inflater internally, the zstd
                // one by its lock); a late feed() on the reading thread then fails with an
                // exception that fail() ignores, since the connection already ended
                decoder.close();
            }
        }
    }
}
