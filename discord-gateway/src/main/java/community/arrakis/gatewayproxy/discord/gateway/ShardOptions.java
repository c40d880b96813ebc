package community.arrakis.gatewayproxy.discord.gateway;

import community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression;
import java.net.URI;
import java.util.Objects;

/**
 * How one shard connects. Immutable; build with {@link #of} and the {@code with...} methods.
 *
 * @param gatewayUrl  the URL from {@code GET /gateway/bot}, without query parameters
 * @param token       the bare bot token (no {@code Bot } prefix); never logged
 * @param shardId     this shard's id
 * @param shardCount  total number of shards of the bot
 * @param intents     the gateway intents bit set
 * @param compression the transport compression to ask for ({@code compress=} in the URL)
 * @param resumeFrom  a session to resume instead of identifying, or null
 */
public record ShardOptions(
        URI gatewayUrl,
        String token,
        int shardId,
        int shardCount,
        int intents,
        TransportCompression compression,
        ResumeState resumeFrom) {

    /** GUILDS | GUILD_MEMBERS: guild and member events; interactions need no intent. */
    public static final int DEFAULT_INTENTS = 1 | 2;

    public ShardOptions {
        Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        Objects.requireNonNull(compression, "compression");
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("a bot token is required to connect to the gateway");
        }
        if (shardCount < 1 || shardId < 0 || shardId >= shardCount) {
            throw new IllegalArgumentException("shard " + shardId + " is not within 0.." + (shardCount - 1));
        }
    }

    public static ShardOptions of(URI gatewayUrl, String token, int shardId, int shardCount) {
        return new ShardOptions(gatewayUrl, token, shardId, shardCount, DEFAULT_INTENTS,
                TransportCompression.ZLIB_STREAM, null);
    }

    public ShardOptions withIntents(int newIntents) {
        return new ShardOptions(gatewayUrl, token, shardId, shardCount, newIntents, compression, resumeFrom);
    }

    public ShardOptions withCompression(TransportCompression newCompression) {
        return new ShardOptions(gatewayUrl, token, shardId, shardCount, intents, newCompression, resumeFrom);
    }

    public ShardOptions withResumeFrom(ResumeState state) {
        return new ShardOptions(gatewayUrl, token, shardId, shardCount, intents, compression, state);
    }

    /** Leaves the token out. */
    @Override
    public String toString() {
        return "ShardOptions[gatewayUrl=" + gatewayUrl + ", shard=" + shardId + "/" + shardCount
                + ", intents=" + intents + ", compression=" + compression
                + ", resume=" + (resumeFrom != null) + "]";
    }
}
