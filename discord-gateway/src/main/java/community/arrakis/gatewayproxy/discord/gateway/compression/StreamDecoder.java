package community.arrakis.gatewayproxy.discord.gateway.compression;

import java.nio.ByteBuffer;

/**
 * Turns the binary WebSocket frames of one compressed gateway connection back into JSON messages.
 * The compression context lasts for the connection, so a decoder belongs to exactly one connection
 * and is never reused after a reconnect (the server starts a fresh stream). Not thread-safe; the
 * connection feeds it from its reading thread only.
 */
public interface StreamDecoder extends AutoCloseable {

    /**
     * Appends the bytes of one received frame and, if they complete a gateway message, returns it.
     *
     * @param data the frame's payload
     * @param last whether the frame ends its WebSocket message
     * @return the decompressed message (UTF-8 JSON), or null while it is not complete yet
     * @throws MessageTooLargeException when the compressed or decompressed message passes the cap
     * @throws CorruptStreamException   when the bytes are not a valid stream of this kind
     */
    byte[] feed(ByteBuffer data, boolean last) throws MessageTooLargeException, CorruptStreamException;

    /** Frees the native context. */
    @Override
    void close();
}
