package community.arrakis.gatewayproxy.simulator.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Transport compression {@code compress=zlib-stream}: one deflate context for the whole connection,
 * each message flushed with SYNC_FLUSH so that it ends in {@code 00 00 ff ff} and the client can
 * inflate it as soon as it arrives. The first message carries the zlib header. Not thread-safe: the
 * connection's writer is its only user.
 */
public final class ZlibStreamEncoder implements AutoCloseable {
    private final Deflater deflater = new Deflater();
    private final byte[] chunk = new byte[16 * 1024];

    public byte[] encode(String message) {
        deflater.setInput(message.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.length() / 3));
        int written;
        do {
            written = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
            out.write(chunk, 0, written);
        } while (written == chunk.length);
        return out.toByteArray();
    }

    @Override
    public void close() {
        deflater.end();
    }
}
