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
 * in principle, several WebSocket messages, so the WebSocket boundary is not used); only when the
 * buffer ends with the suffix is it inflated, through the same {@link Inflater}, whose dictionary
 * carries over from message to message.
 *
 * <p>Both the compressed buffer and the inflated message are capped at {@code maxMessageBytes}.
 */
public final class ZlibStreamDecoder implements StreamDecoder {

    private static final int SUFFIX = 0x0000FFFF;

    private final Inflater inflater = new Inflater();
    private final int maxMessageBytes;
    private final MessageBuffer compressed;
    private final byte[] chunk = new byte[16384];

    public ZlibStreamDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.compressed = new MessageBuffer("a compressed gateway message", maxMessageBytes);
    }

    @Override
    public byte[] feed(ByteBuffer data, boolean last) throws MessageTooLargeException, CorruptStreamException {
        compressed.append(data);
        if (compressed.tail() != SUFFIX) {
            return null;
        }
        try {
            return inflate();
        } catch (DataFormatException e) {
            throw new CorruptStreamException("not a valid zlib stream: " + e.getMessage(), e);
        } finally {
            compressed.clear();
        }
    }

    private byte[] inflate() throws MessageTooLargeException, DataFormatException {
        inflater.setInput(compressed.array(), 0, compressed.length());
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, compressed.length() * 4));
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
            return out.toByteArray();
        }
    }

    @Override
    public void close() {
        inflater.end();
    }
}
