package community.arrakis.gatewayproxy.simulator.gateway;

/**
 * An event ready to fan out to sessions. Sessions that lack the intent {@code fullDataIntent} get
 * {@code reducedData} instead of {@code data} when it is set: MESSAGE_CREATE without
 * MESSAGE_CONTENT loses its content, GUILD_CREATE without GUILD_PRESENCES lists only the bot member.
 */
public record Dispatch(String type, String guildId, String entityId, String data, String reducedData,
                       long fullDataIntent, boolean directMessage, boolean aboutBot) {
    public static Dispatch of(String type, String guildId, String entityId, String data) {
        return new Dispatch(type, guildId, entityId, data, null, 0, false, false);
    }

    public long requiredIntent() {
        return Intents.requiredFor(type, directMessage, aboutBot);
    }

    public String dataFor(long sessionIntents) {
        return reducedData != null && (sessionIntents & fullDataIntent) == 0 ? reducedData : data;
    }
}
