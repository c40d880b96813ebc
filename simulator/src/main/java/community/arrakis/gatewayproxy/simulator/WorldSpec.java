package community.arrakis.gatewayproxy.simulator;

/**
 * How big the generated world is. Guild ids are minted one millisecond apart, so consecutive guilds
 * land on consecutive shards: with {@code n} shards, guild {@code i} belongs to shard {@code i % n}.
 */
public record WorldSpec(int guilds, int membersPerGuild, int textChannelsPerGuild) {
    public static final int DEFAULT_GUILDS = 3;
    public static final int DEFAULT_MEMBERS_PER_GUILD = 5;
    public static final int DEFAULT_TEXT_CHANNELS_PER_GUILD = 2;

    public WorldSpec {
        if (guilds < 0 || guilds > 100_000) {
            throw new IllegalArgumentException("world.guilds must be 0..100000, was " + guilds);
        }
        if (membersPerGuild < 0 || membersPerGuild > 1_000) {
            throw new IllegalArgumentException("world.membersPerGuild must be 0..1000, was " + membersPerGuild);
        }
        if (textChannelsPerGuild < 1 || textChannelsPerGuild > 50) {
            throw new IllegalArgumentException("world.textChannelsPerGuild must be 1..50, was " + textChannelsPerGuild);
        }
    }

    public static WorldSpec defaults() {
        return new WorldSpec(DEFAULT_GUILDS, DEFAULT_MEMBERS_PER_GUILD, DEFAULT_TEXT_CHANNELS_PER_GUILD);
    }
}
