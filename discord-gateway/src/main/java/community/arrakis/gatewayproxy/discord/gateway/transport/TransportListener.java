package community.arrakis.gatewayproxy.discord.gateway.transport;

/**
 * Receives one connection's traffic. The methods are called one at a time, on the transport's
 * reading thread; the next message is requested from the socket only after
 * {@link #onMessage} returned.
 */
public interface TransportListener {

    /** The socket is open; called before the first message, with the connection to send on. */
    void onOpen(GatewayConnection connection);

    /** A whole gateway message (text, or decompressed zlib-stream / zstd-stream), as UTF-8 JSON bytes. */
    void onMessage(byte[] message, long receivedAtNanos);

    /** The server closed the connection with {@code code} ({@code -1} if there was no close frame). */
    void onClosed(int code, String reason);

    /** The connection failed (I/O error, oversized or undecodable message); it is unusable now. */
    void onFailed(Throwable error);
}
