package community.arrakis.gatewayproxy.simulator.gateway;

/**
 * What a client asked for with {@code compress=} in its gateway URL. Anything else, or nothing,
 * gets plain text frames.
 */
enum TransportCompression {
    NONE,
    ZLIB_STREAM,
    ZSTD_STREAM;

    static TransportCompression fromQuery(String compress) {
        if ("zlib-stream".equals(compress)) {
            return ZLIB_STREAM;
        }
        if ("zstd-stream".equals(compress)) {
            return ZSTD_STREAM;
        }
        return NONE;
    }

    /** A fresh compression context for one connection, or null for plain text. */
    StreamEncoder newEncoder() {
        return switch (this) {
            case NONE -> null;
            case ZLIB_STREAM -> new ZlibStreamEncoder();
            case ZSTD_STREAM -> new ZstdStreamEncoder();
        };
    }
}
