package community.arrakis.gatewayproxy.simulator;

/** A guild channel; {@code type} uses Discord's numbers (0 text, 2 voice, 4 category). */
public record Channel(String id, String guildId, String name, int type, int position, String parentId) {
    public static final int GUILD_TEXT = 0;
    public static final int GUILD_VOICE = 2;
    public static final int GUILD_CATEGORY = 4;

    public boolean isText() {
        return type == GUILD_TEXT;
    }
}
