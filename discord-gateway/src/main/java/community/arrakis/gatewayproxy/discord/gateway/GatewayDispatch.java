package community.arrakis.gatewayproxy.discord.gateway;

/**
 * One op-0 dispatch as received, with its raw {@code d} bytes untouched.
 *
 * @param shardId           the shard that received it
 * @param sessionId         the session it belongs to
 * @param sequence          Discord's {@code s}
 * @param type              Discord's {@code t}, e.g. {@code INTERACTION_CREATE}
 * @param data              the raw JSON of {@code d}, exactly as sent (after decompression)
 * @param receivedAtMillis  wall clock when the frame was read
 * @param receivedAtNanos   {@link System#nanoTime()} when the frame was read, for latency
 * @param guildKnownAtReady for GUILD_CREATE: whether the session's READY listed this guild
 *                          (the guild coming online rather than the bot joining it)
 */
public record GatewayDispatch(
        int shardId,
        String sessionId,
        long sequence,
        String type,
        byte[] data,
        long receivedAtMillis,
        long receivedAtNanos,
        boolean guildKnownAtReady) {
}
