package community.arrakis.gatewayproxy.discord.gateway.transport;

import community.arrakis.gatewayproxy.discord.gateway.compression.StreamDecoder;
import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link GatewayTransport} on Netty: every connection of the transport is served by a small group of
 * event-loop threads (one by default), which read the sockets, decode the WebSocket frames and call
 * the listeners.
 *
 * <p>Why Netty rather than the JDK's WebSocket: Netty's event loop works in passes (wait for the
 * ready sockets, read each), and the {@link ReadBatchHook} is told where each pass begins and ends,
 * so the ingestor can send the dispatches one pass read, from every shard the thread serves, to
 * RabbitMQ in one socket write instead of one write per event. The JDK's client has no such signal.
 *
 * <p>Flow control: listeners run on the event-loop thread, one message at a time; a listener that
 * blocks stops that thread from reading, and TCP pushes back to Discord. But the same thread sends
 * too, heartbeats included, for every connection it serves: a listener must not block (the
 * ingestor's never waits for the broker). One that may, as standalone mode's could, belongs on
 * {@link JdkWebSocketTransport}, whose sends go out from the caller's thread.
 */
public final class NettyWebSocketTransport implements GatewayTransport {

    /** The HTTP upgrade response: headers only, a few hundred bytes from Discord. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;

    private final EventLoopGroup group;
    private final int maxMessageBytes;
    private final Duration connectTimeout;
    private final ReadBatchHook readBatchHook;
    private final TrustManagerFactory trust;
    private volatile SslContext tls;

    /**
     * @param threads       event-loop threads shared by all the connections
     * @param readBatchHook told around each pass of an event-loop thread over its sockets
     */
    public NettyWebSocketTransport(int maxMessageBytes, Duration connectTimeout, int threads,
                                   ReadBatchHook readBatchHook) {
        this(maxMessageBytes, connectTimeout, threads, readBatchHook, null);
    }

    /**
     * @param trust the certificates {@code wss://} servers are checked against; null for the JDK's
     *              default trust store (what Discord's gateway needs). Host names are verified
     *              either way.
     */
    public NettyWebSocketTransport(int maxMessageBytes, Duration connectTimeout, int threads,
                                   ReadBatchHook readBatchHook, TrustManagerFactory trust) {
        if (maxMessageBytes < 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.connectTimeout = connectTimeout;
        this.readBatchHook = readBatchHook;
        this.trust = trust;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("gateway-io", true),
                ReadBatchingIoHandler.around(NioIoHandler.newFactory(), readBatchHook));
    }

    @Override
    public CompletableFuture<GatewayConnection> connect(URI url, TransportCompression compression,
                                                        TransportListener listener) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "gateway URL must start with ws:// or wss://, was " + url));
        }
        boolean secure = scheme.equals("wss");
        String host = url.getHost();
        int port = url.getPort() != -1 ? url.getPort() : secure ? 443 : 80;
        SslContext sslContext;
        try {
            sslContext = secure ? tls() : null;
        } catch (SSLException e) {
            return CompletableFuture.failedFuture(e);
        }
        StreamDecoder decoder = compression.newDecoder(maxMessageBytes);
        NettyGatewayConnection connection = new NettyGatewayConnection(listener, decoder, maxMessageBytes, CLOSE_GRACE);
        WebSocketClientProtocolConfig handshake = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .allowExtensions(false)
                .maxFramePayloadLength(maxMessageBytes)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(connectTimeout.toMillis())
                .build();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (sslContext != null) {
                            pipeline.addLast(sslContext.newHandler(channel.alloc(), host, port));
                        }
                        pipeline.addLast(new HttpClientCodec(),
                                new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES),
                                new WebSocketClientProtocolHandler(handshake),
                                connection);
                    }
                });
        ChannelFuture connecting = bootstrap.connect(host, port);
        connecting.addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                connection.failToOpen(f.cause());
            }
        });
        return connection.opened();
    }

    /** Created on first use: a shard on plain {@code ws://} (the simulator) never needs it. */
    private SslContext tls() throws SSLException {
        SslContext context = tls;
        if (context == null) {
            synchronized (this) {
                if (tls == null) {
                    tls = SslContextBuilder.forClient().trustManager(trust).endpointIdentificationAlgorithm("HTTPS")
                            .build();
                }
                context = tls;
            }
        }
        return context;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }
}
