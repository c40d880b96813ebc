package community.arrakis.gatewayproxy.discord.gateway.transport;

import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens gateway connections. The seam between the shard's logic and real sockets. */
public interface GatewayTransport {

    /**
     * Opens a WebSocket to {@code url} (query string included).
     *
     * @param compression the {@code compress} asked for in the URL: how binary messages are decoded
     * @param listener   receives this connection's messages and its end; never called concurrently
     * @return completes with the open connection, or exceptionally if it could not be opened
     */
    CompletableFuture<GatewayConnection> connect(URI url, TransportCompression compression,
                                                 TransportListener listener);

    /** Releases what the transport holds (threads, client); called once its shard has stopped. */
    default void close() {
    }
}
