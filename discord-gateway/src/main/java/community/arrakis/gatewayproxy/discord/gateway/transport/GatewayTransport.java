package community.arrakis.gatewayproxy.discord.gateway.transport;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/** Opens gateway connections. The seam between the shard's logic and real sockets. */
public interface GatewayTransport {

    /**
     * Opens a WebSocket to {@code url} (query string included).
     *
     * @param zlibStream whether binary messages are a {@code zlib-stream} to inflate
     * @param listener   receives this connection's messages and its end; never called concurrently
     * @return completes with the open connection, or exceptionally if it could not be opened
     */
    CompletableFuture<GatewayConnection> connect(URI url, boolean zlibStream, TransportListener listener);

    /** Releases what the transport holds (threads, client); called once its shard has stopped. */
    default void close() {
    }
}
