package community.arrakis.gatewayproxy.discord.gateway;

/** The coarse state of a shard, as health checks and logs report it. */
public enum ShardStatus {
    /** Created, not started. */
    IDLE,
    /** Opening the socket or waiting for HELLO. */
    CONNECTING,
    /** IDENTIFY sent, waiting for READY. */
    IDENTIFYING,
    /** RESUME sent, waiting for RESUMED. */
    RESUMING,
    /** READY or RESUMED: dispatches flow. */
    READY,
    /** The connection is gone; a reconnect is scheduled. */
    RECONNECTING,
    /** Stopped for good: closed by the owner, or a fatal close code (bad token, bad intents, ...). */
    STOPPED
}
