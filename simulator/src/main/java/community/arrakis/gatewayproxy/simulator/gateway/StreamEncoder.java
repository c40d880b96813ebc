package community.arrakis.gatewayproxy.simulator.gateway;

/**
 * Transport compression of one connection: a context that lasts as long as the connection, each
 * message flushed so the client can decode it as soon as it arrives. Not thread-safe: the
 * connection's writer is its only user.
 */
interface StreamEncoder extends AutoCloseable {

    /** The bytes of one binary WebSocket message carrying {@code message}. */
    byte[] encode(String message);

    @Override
    void close();
}
