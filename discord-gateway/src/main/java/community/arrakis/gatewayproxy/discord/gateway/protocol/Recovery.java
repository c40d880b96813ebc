package community.arrakis.gatewayproxy.discord.gateway.protocol;

/** What a shard does after its connection ends: the "how" of reconnecting. */
public enum Recovery {
    /** Reconnect to the resume URL and RESUME, so Discord replays what was missed. */
    RESUME,
    /** Forget the session, reconnect to the gateway URL and IDENTIFY again. */
    NEW_SESSION,
    /** Do not reconnect: retrying cannot succeed until someone changes the configuration. */
    STOP
}
