package community.arrakis.gatewayproxy.discord.gateway.transport;

import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Opens gateway connections. The seam between the shard's logic and real sockets. */
public interface GatewayTransport {

    /** 16 MiB: larger than any gateway message we have seen (a large GUILD_CREATE is a few MiB). */
    int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
    Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a close handshake may take before the socket is closed regardless. */
    Duration CLOSE_GRACE = Duration.ofSeconds(5);

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
