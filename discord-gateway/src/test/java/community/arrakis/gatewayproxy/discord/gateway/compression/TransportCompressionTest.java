package community.arrakis.gatewayproxy.discord.gateway.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TransportCompressionTest {

    @Test
    void readsTheWireNamesCaseInsensitively() {
        assertThat(TransportCompression.parse("zlib-stream")).isEqualTo(TransportCompression.ZLIB_STREAM);
        assertThat(TransportCompression.parse(" ZSTD-STREAM ")).isEqualTo(TransportCompression.ZSTD_STREAM);
        assertThat(TransportCompression.parse("none")).isEqualTo(TransportCompression.NONE);
    }

    @Test
    void anUnknownValueIsRefusedWithTheAcceptedOnes() {
        assertThatThrownBy(() -> TransportCompression.parse("gzip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown gateway compression 'gzip'; use one of none, zlib-stream, zstd-stream");
    }

    @Test
    void eachKindGetsItsOwnDecoder() {
        try (StreamDecoder none = TransportCompression.NONE.newDecoder(1024);
             StreamDecoder zlib = TransportCompression.ZLIB_STREAM.newDecoder(1024);
             StreamDecoder zstd = TransportCompression.ZSTD_STREAM.newDecoder(1024)) {
            assertThat(none).isInstanceOf(UncompressedDecoder.class);
            assertThat(zlib).isInstanceOf(ZlibStreamDecoder.class);
            assertThat(zstd).isInstanceOf(ZstdStreamDecoder.class);
        }
    }

    @Test
    void uncompressedBinaryFramesAreCollectedIntoOneMessage() throws Exception {
        try (StreamDecoder none = TransportCompression.NONE.newDecoder(1024)) {
            assertThat(none.feed(ByteBuffer.wrap("{\"op\":".getBytes(StandardCharsets.UTF_8)), false)).isNull();
            byte[] message = none.feed(ByteBuffer.wrap("11}".getBytes(StandardCharsets.UTF_8)), true);
            assertThat(new String(message, StandardCharsets.UTF_8)).isEqualTo("{\"op\":11}");
            byte[] next = none.feed(ByteBuffer.wrap("{}".getBytes(StandardCharsets.UTF_8)), true);
            assertThat(new String(next, StandardCharsets.UTF_8)).isEqualTo("{}");
        }
    }

    @Test
    void anUncompressedMessageOverTheCapIsRefused() throws Exception {
        try (StreamDecoder none = TransportCompression.NONE.newDecoder(8)) {
            none.feed(ByteBuffer.wrap(new byte[6]), false);
            assertThatThrownBy(() -> none.feed(ByteBuffer.wrap(new byte[6]), true))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("an uncompressed gateway message");
        }
    }
}
