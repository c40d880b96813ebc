package community.arrakis.gatewayproxy.discord.gateway.compression;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a {@code compress=zlib-stream} connection: one zlib stream for the whole connection,
 * cut into messages that each end with a sync flush ({@code 00 00 ff ff}).
 *
 * <p>Bytes are appended as they arrive (a gateway message may span several WebSocket frames and,
 * in principle, several WebSocket messages); only when the buffer ends with the suffix is it
 * inflated, through the same {@link Inflater}, whose dictionary carries over from message to
 * message. That is why a decoder belongs to exactly one connection and must never be reused after
 * a reconnect: the server starts a fresh stream, with a new zlib header.
 *
 * <p>Both the compressed buffer and the inflated message are capped at {@code maxMessageBytes}.
 * Not thread-safe; a connection feeds it from its reading thread only.
 */
public final class ZlibStreamDecoder implements AutoCloseable {

    private static final int SUFFIX = 0x0000FFFF;

    private final Inflater inflater = new Inflater();
    private final int maxMessageBytes;
    private byte[] pending = new byte[8192];
    private int pendingLength;
    private final byte[] chunk = new byte[16384];

    public ZlibStreamDecoder(int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, was " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Appends received bytes and, if they complete a message, returns it inflated.
     *
     * @return the inflated message, or null while the sync-flush suffix has not arrived yet
     */
    public byte[] feed(ByteBuffer data) throws MessageTooLargeException, DataFormatException {
        int needed = pendingLength + data.remaining();
        if (needed > maxMessageBytes) {
            throw new MessageTooLargeException("a compressed gateway message", needed, maxMessageBytes);
        }
        if (needed > pending.length) {
            byte[] bigger = new byte[Math.min(maxMessageBytes, Math.max(needed, pending.length * 2))];
            System.arraycopy(pending, 0, bigger, 0, pendingLength);
            pending = bigger;
        }
        int n = data.remaining();
        data.get(pending, pendingLength, n);
        pendingLength += n;
        if (!endsWithSuffix()) {
            return null;
        }
        return inflatePending();
    }

    private boolean endsWithSuffix() {
        if (pendingLength < 4) {
            return false;
        }
        int tail = ((pending[pendingLength - 4] & 0xFF) << 24) | ((pending[pendingLength - 3] & 0xFF) << 16)
                | ((pending[pendingLength - 2] & 0xFF) << 8) | (pending[pendingLength - 1] & 0xFF);
        return tail == SUFFIX;
    }

    private byte[] inflatePending() throws MessageTooLargeException, DataFormatException {
        inflater.setInput(pending, 0, pendingLength);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, pendingLength * 4));
        try {
            while (true) {
                int n = inflater.inflate(chunk);
                if (n > 0) {
                    if (out.size() + n > maxMessageBytes) {
                        throw new MessageTooLargeException("an inflated gateway message", out.size() + n, maxMessageBytes);
                    }
                    out.write(chunk, 0, n);
                    continue;
                }
                // inflate returns 0 only when it needs input, a dictionary, or the stream ended
                if (inflater.needsDictionary()) {
                    throw new DataFormatException("zlib stream asks for a preset dictionary");
                }
                break;
            }
        } finally {
            pendingLength = 0;
        }
        return out.toByteArray();
    }

    /** Frees the native inflater. */
    @Override
    public void close() {
        inflater.end();
    }
}
