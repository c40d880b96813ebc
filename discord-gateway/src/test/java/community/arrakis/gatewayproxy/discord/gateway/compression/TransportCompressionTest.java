package community.arrakis.gatewayproxy.discord.gateway.compression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        assertThat(TransportCompression.NONE.newDecoder(1024)).isNull();
        try (StreamDecoder zlib = TransportCompression.ZLIB_STREAM.newDecoder(1024);
             StreamDecoder zstd = TransportCompression.ZSTD_STREAM.newDecoder(1024)) {
            assertThat(zlib).isInstanceOf(ZlibStreamDecoder.class);
            assertThat(zstd).isInstanceOf(ZstdStreamDecoder.class);
        }
    }
}
