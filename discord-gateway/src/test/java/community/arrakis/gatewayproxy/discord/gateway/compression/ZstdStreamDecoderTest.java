package community.arrakis.gatewayproxy.discord.gateway.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZstdStreamDecoderTest {

    /**
     * The server side: one zstd context per connection, each message flushed, the frame never ended.
     * Written here rather than borrowed from the simulator's encoder, so a mistake shared by both
     * sides cannot hide.
     */
    private static final class ServerStream implements AutoCloseable {
        private final ZstdCompressCtx context = new ZstdCompressCtx().setLevel(3);

        byte[] message(String json) {
            ByteBuffer source = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] chunk = new byte[64]; // small on purpose: the flush takes several calls
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

    @Test
    void decodesConsecutiveMessagesThroughOneContext() throws Exception {
        try (ServerStream server = new ServerStream(); ZstdStreamDecoder decoder = new ZstdStreamDecoder(1 << 20)) {
            int firstSize = 0;
            for (int i = 0; i < 5; i++) {
                String json = "{\"op\":0,\"s\":" + i + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"content\":\""
                        + "the same long sentence about sand, spice and sandworms ".repeat(4) + "\"}}";
                byte[] compressed = server.message(json);
                byte[] decoded = decoder.feed(ByteBuffer.wrap(compressed), true);
                assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo(json);
                if (i == 0) {
                    firstSize = compressed.length;
                } else {
                    // the window carries over: a repeat costs a few bytes, which only a shared context decodes
                    assertThat(compressed.length).isLessThan(firstSize / 2);
                }
            }
        }
    }

    @Test
    void collectsTheFramesOfOneWebSocketMessageUntilTheLast() throws Exception {
        String json = "{\"op\":10,\"d\":{\"heartbeat_interval\":41250,\"_trace\":[\"gateway-prd-main\"]}}";
        try (ServerStream server = new ServerStream(); ZstdStreamDecoder decoder = new ZstdStreamDecoder(1 << 20)) {
            byte[] compressed = server.message(json);
            int half = compressed.length / 2;
            assertThat(decoder.feed(ByteBuffer.wrap(compressed, 0, half), false)).isNull();
            byte[] decoded = decoder.feed(ByteBuffer.wrap(compressed, half, compressed.length - half), true);
            assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo(json);
        }
    }

    @Test
    void decodesAMessageLargerThanItsWorkingChunk() throws Exception {
        String json = "{\"d\":\"" + "x".repeat(100_000) + "\"}";
        try (ServerStream server = new ServerStream(); ZstdStreamDecoder decoder = new ZstdStreamDecoder(1 << 20)) {
            byte[] decoded = decoder.feed(ByteBuffer.wrap(server.message(json)), true);
            assertThat(new String(decoded, StandardCharsets.UTF_8)).isEqualTo(json);
        }
    }

    @Test
    void refusesADecompressedMessageOverTheCap() {
        String big = "{\"d\":\"" + "a".repeat(10_000) + "\"}";
        try (ServerStream server = new ServerStream(); ZstdStreamDecoder decoder = new ZstdStreamDecoder(2048)) {
            byte[] compressed = server.message(big);
            assertThat(compressed.length).isLessThan(2048);
            assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(compressed), true))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("decompressed gateway message")
                    .hasMessageContaining("2048");
        }
    }

    @Test
    void refusesACompressedMessageOverTheCap() {
        try (ZstdStreamDecoder decoder = new ZstdStreamDecoder(16)) {
            assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(new byte[17]), false))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("compressed gateway message");
        }
    }

    @Test
    void refusesBytesThatAreNotAZstdStream() {
        byte[] garbage = "{\"op\":0} is not zstd".getBytes(StandardCharsets.UTF_8);
        try (ZstdStreamDecoder decoder = new ZstdStreamDecoder(1 << 20)) {
            assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(garbage), true))
                    .isInstanceOf(CorruptStreamException.class)
                    .hasMessageContaining("not a valid zstd stream");
        }
    }

    @Test
    void aFeedAfterCloseFailsCleanlyAndASecondCloseIsHarmless() {
        ZstdStreamDecoder decoder = new ZstdStreamDecoder(1 << 20);
        decoder.close();
        assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(new byte[] {1, 2, 3}), true))
                .isInstanceOf(IllegalStateException.class);
        decoder.close();
    }
}
