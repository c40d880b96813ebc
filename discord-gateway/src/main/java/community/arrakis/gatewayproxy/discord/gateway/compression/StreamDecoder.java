package community.arrakis.gatewayproxy.discord.gateway.compression;

import java.nio.ByteBuffer;

/**
 * Turns the binary WebSocket frames of one gateway connection back into JSON messages. The
 * compression context lasts for the connection, so a decoder belongs to exactly one connection and
 * is never reused after a reconnect (the server starts a fresh stream). The connection feeds it from
 * its reading thread only; {@link #close} may come from another thread while a feed runs, and must
 * then neither corrupt nor leak the native context (a later feed fails instead).
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

    /** Frees the native context, if there is one. */
    @Override
    void close();
}
