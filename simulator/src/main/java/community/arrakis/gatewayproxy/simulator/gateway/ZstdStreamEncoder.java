package community.arrakis.gatewayproxy.simulator.gateway;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code compress=zstd-stream}: one zstd context for the whole connection; each message is flushed
 * ({@code ZSTD_e_flush}) without ending the zstd frame, so the client decodes it at once and the
 * window carries over to the next message. Level 1, for the same reason as zlib's fastest level.
 */
final class ZstdStreamEncoder implements StreamEncoder {
    private final ZstdCompressCtx context = new ZstdCompressCtx().setLevel(1);
    private final byte[] chunk = new byte[16 * 1024];

    @Override
    public byte[] encode(String message) {
        ByteBuffer source = ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.length() / 3));
        boolean flushed;
        do {
            ByteBuffer target = ByteBuffer.wrap(chunk);
            flushed = context.compressByteBufferStream(target, source, EndDirective.FLUSH);
            out.write(chunk, 0, target.position());
        } while (!flushed);
        return out.toByteArray();
    }

    @Override
    public void close() {
        context.close();
    }
}
