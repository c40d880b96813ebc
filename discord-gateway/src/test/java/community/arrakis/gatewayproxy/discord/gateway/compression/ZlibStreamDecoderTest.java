package community.arrakis.gatewayproxy.discord.gateway.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ZlibStreamDecoderTest {

    /** The server side: one Deflater per connection, a sync flush after each message. */
    private static final class ServerStream {
        private final Deflater deflater = new Deflater();

        byte[] message(String json) {
            deflater.setInput(json.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[json.length() * 2 + 64];
            int n = deflater.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
            return Arrays.copyOf(out, n);
        }
    }

    @Test
    void inflatesConsecutiveMessagesThroughOneContext() throws Exception {
        ServerStream server = new ServerStream();
        try (ZlibStreamDecoder decoder = new ZlibStreamDecoder(1 << 20)) {
            for (int i = 0; i < 5; i++) {
                String json = "{\"op\":0,\"s\":" + i + ",\"t\":\"MESSAGE_CREATE\",\"d\":{\"content\":\"repeated text repeated text\"}}";
                byte[] inflated = decoder.feed(ByteBuffer.wrap(server.message(json)), true);
                assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(json);
            }
        }
    }

    @Test
    void buffersUntilTheSyncFlushSuffixArrives() throws Exception {
        ServerStream server = new ServerStream();
        String json = "{\"op\":10,\"d\":{\"heartbeat_interval\":41250}}";
        byte[] compressed = server.message(json);
        try (ZlibStreamDecoder decoder = new ZlibStreamDecoder(1 << 20)) {
            int half = compressed.length / 2;
            assertThat(decoder.feed(ByteBuffer.wrap(compressed, 0, half), true)).isNull();
            assertThat(decoder.feed(ByteBuffer.wrap(compressed, half, compressed.length - 2 - half), true)).isNull();
            byte[] inflated = decoder.feed(ByteBuffer.wrap(compressed, compressed.length - 2, 2), true);
            assertThat(new String(inflated, StandardCharsets.UTF_8)).isEqualTo(json);
        }
    }

    @Test
    void refusesAnInflatedMessageOverTheCap() {
        ServerStream server = new ServerStream();
        String big = "{\"d\":\"" + "a".repeat(10_000) + "\"}";
        byte[] compressed = server.message(big);
        assertThat(compressed.length).isLessThan(2048);
        try (ZlibStreamDecoder decoder = new ZlibStreamDecoder(2048)) {
            assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(compressed), true))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("2048");
        }
    }

    @Test
    void refusesBytesThatAreNotAZlibStream() {
        byte[] garbage = {1, 2, 3, 4, 5, 6, 7, 8, 0, 0, (byte) 0xff, (byte) 0xff};
        try (ZlibStreamDecoder decoder = new ZlibStreamDecoder(1 << 20)) {
            assertThatThrownBy(() -> decoder.feed(ByteBuffer.wrap(garbage), true))
                    .isInstanceOf(CorruptStreamException.class)
                    .hasMessageContaining("not a valid zlib stream");
        }
    }
}
