package community.arrakis.gatewayproxy.simulator.gateway;

/** Gateway intent bits and which intent an event needs. */
public final class Intents {
    public static final long GUILDS = 1L;
    public static final long GUILD_MEMBERS = 1L << 1;
    public static final long GUILD_PRESENCES = 1L << 8;
    public static final long GUILD_MESSAGES = 1L << 9;
    public static final long DIRECT_MESSAGES = 1L << 12;
    public static final long MESSAGE_CONTENT = 1L << 15;

    /** Bits 0..16, 20, 21, 24 and 25: every intent Discord defines. */
    public static final long DEFINED = 0x1FFFFL | (1L << 20) | (1L << 21) | (1L << 24) | (1L << 25);
    public static final long PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;

    private Intents() {
    }

    /**
     * The intent a session needs to receive the event; 0 when none is needed (READY, RESUMED,
     * INTERACTION_CREATE). {@code aboutBot} covers GUILD_MEMBER_UPDATE for the bot itself, always sent.
     */
    public static long requiredFor(String eventType, boolean directMessage, boolean aboutBot) {
        return switch (eventType) {
            case "GUILD_CREATE", "GUILD_DELETE", "GUILD_UPDATE", "CHANNEL_CREATE", "CHANNEL_UPDATE",
                 "CHANNEL_DELETE", "GUILD_ROLE_CREATE", "GUILD_ROLE_UPDATE", "GUILD_ROLE_DELETE" -> GUILDS;
            case "GUILD_MEMBER_ADD", "GUILD_MEMBER_REMOVE" -> GUILD_MEMBERS;
            case "GUILD_MEMBER_UPDATE" -> aboutBot ? 0 : GUILD_MEMBERS;
            case "MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE" -> directMessage ? DIRECT_MESSAGES : GUILD_MESSAGES;
            default -> 0;
        };
    }
}
