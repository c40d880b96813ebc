package community.arrakis.gatewayproxy.discord.gateway.compression;

/**
 * The compressed bytes of a gateway connection cannot be decoded. The stream cannot be repaired
 * (later messages depend on the context this one broke), so the shard closes the connection and
 * resumes on a fresh one.
 */
public final class CorruptStreamException extends Exception {
    public CorruptStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
