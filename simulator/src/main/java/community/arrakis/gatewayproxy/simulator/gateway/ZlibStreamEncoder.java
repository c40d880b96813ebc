package community.arrakis.gatewayproxy.simulator.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * {@code compress=zlib-stream}: one deflate context for the whole connection, each message flushed
 * with SYNC_FLUSH so that it ends in {@code 00 00 ff ff}. The first message carries the zlib
 * header. The fastest level: the simulator is a load generator, and the client's inflating costs
 * the same whatever level the stream was made with.
 */
final class ZlibStreamEncoder implements StreamEncoder {
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    private final byte[] chunk = new byte[16 * 1024];

    @Override
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
