package community.arrakis.gatewayproxy.discord.gateway.compression;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The {@code compress} query parameter of a gateway connection, and the decoder that goes with it.
 * Transport compression only: payload compression ({@code identify.compress}) is never asked for.
 */
public enum TransportCompression {
    /** Plain JSON text frames. */
    NONE("none"),
    /** One zlib context per connection, each message ending in a sync flush ({@code 00 00 ff ff}). */
    ZLIB_STREAM("zlib-stream"),
    /** One zstd context per connection, each WebSocket message one gateway message, frames left open. */
    ZSTD_STREAM("zstd-stream");

    private final String wireName;

    TransportCompression(String wireName) {
        this.wireName = wireName;
    }

    /** As written in the URL and in configuration: {@code none}, {@code zlib-stream}, {@code zstd-stream}. */
    public String wireName() {
        return wireName;
    }

    /** A decoder for the binary messages of one new connection. */
    public StreamDecoder newDecoder(int maxMessageBytes) {
        return switch (this) {
            case NONE -> new UncompressedDecoder(maxMessageBytes);
            case ZLIB_STREAM -> new ZlibStreamDecoder(maxMessageBytes);
            case ZSTD_STREAM -> new ZstdStreamDecoder(maxMessageBytes);
        };
    }

    /**
     * Reads a configured value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static TransportCompression parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (TransportCompression c : values()) {
            if (c.wireName.equals(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown gateway compression '" + value + "'; use one of "
                + Arrays.stream(values()).map(TransportCompression::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
