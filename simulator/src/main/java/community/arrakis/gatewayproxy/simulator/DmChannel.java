package community.arrakis.gatewayproxy.simulator;

/** A direct-message channel between the bot and one user (Discord channel type 1). */
public record DmChannel(String id, User recipient) {
    public static final int TYPE = 1;
}
