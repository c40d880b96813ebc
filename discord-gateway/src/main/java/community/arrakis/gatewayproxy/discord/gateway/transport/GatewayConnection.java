package community.arrakis.gatewayproxy.discord.gateway.transport;

import java.util.concurrent.CompletableFuture;

/** One open gateway WebSocket. */
public interface GatewayConnection {

    /** Queues a text message; sends happen in order. A send on a closed connection is dropped. */
    void send(String payload);

    /**
     * Sends a close frame with {@code code} and stops delivering messages (those still arriving are
     * discarded: they will be replayed on resume). The socket is aborted if the server does not
     * answer the close within a grace period.
     */
    void close(int code, String reason);

    /** Completes once the socket is fully closed, by handshake, error or abort. */
    CompletableFuture<Void> closed();
}
