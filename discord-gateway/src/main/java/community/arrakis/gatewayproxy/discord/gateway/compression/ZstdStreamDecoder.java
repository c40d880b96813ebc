package community.arrakis.gatewayproxy.discord.gateway.compression;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Decodes a {@code compress=zstd-stream} connection: one zstd stream for the whole connection, in
 * which each WebSocket message carries one gateway message without closing the zstd frame. The
 * frames of a WebSocket message are collected until its last one, then run through the same
 * decompression context, whose window carries over from message to message, until the input is
 * used up and no output is left inside the context.
 *
 * <p>Both the compressed message and the decompressed one are capped at {@code maxMessageBytes}.
 *
 * <p>Decoding and {@link #close} exclude each other: the connection may be released from another
 * thread while its reading thread decodes, and zstd-jni refuses to free a context in use (it would
 * throw and leave the native memory behind). A feed after the close fails with
 * {@link IllegalStateException}.
 */
public final class ZstdStreamDecoder implements StreamDecoder {

    private final ZstdDecompressCtx context = new ZstdDecompressCtx();
    private final int maxMessageBytes;
    private final MessageBuffer compressed;
    private final byte[] chunk = new byte[16384];

    public ZstdStreamDecoder(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
        this.compressed = new MessageBuffer("a compressed gateway message", maxMessageBytes);
    }

    @Override
    public synchronized byte[] feed(ByteBuffer data, boolean last)
            throws MessageTooLargeException, CorruptStreamException {
        compressed.append(data);
        if (!last) {
            return null;
        }
        try {
            return decompress(compressed.asBuffer());
        } finally {
            compressed.clear();
        }
    }

    private byte[] decompress(ByteBuffer source) throws MessageTooLargeException, CorruptStreamException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, source.remaining() * 4));
        try {
            while (true) {
                ByteBuffer target = ByteBuffer.wrap(chunk);
                int before = source.position();
                context.decompressByteBufferStream(target, source);
                int n = target.position();
                if (out.size() + n > maxMessageBytes) {
                    throw new MessageTooLargeException("a decompressed gateway message", out.size() + n, maxMessageBytes);
                }
                out.write(chunk, 0, n);
                // a full chunk may leave output inside the context; otherwise stop once the input is used up
                if (n == chunk.length) {
                    continue;
                }
                if (!source.hasRemaining()) {
                    break;
                }
                if (source.position() == before && n == 0) {
                    throw new CorruptStreamException("zstd stream made no progress on " + source.remaining()
                            + " bytes of input", null);
                }
            }
        } catch (ZstdException e) {
            throw new CorruptStreamException("not a valid zstd stream: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public synchronized void close() {
        context.close();
    }
}
