package community.arrakis.gatewayproxy.discord.gateway.compression;

/**
 * A gateway message grew past the configured cap. The connection cannot go on (a zlib stream has
 * no way to skip a message), so the shard closes it and resumes.
 */
public final class MessageTooLargeException extends Exception {
    public MessageTooLargeException(String what, long size, long limit) {
        super(what + " is larger than the limit of " + limit + " bytes (at least " + size
                + " bytes); raise maxMessageBytes if Discord really sends payloads this large");
    }
}
