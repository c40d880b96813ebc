package community.arrakis.gatewayproxy.discord.gateway;

/**
 * What a shard tells its owner. Called on the shard's reading thread, in order: an implementation
 * must not block for long, or the shard stops reading (which is the intended backpressure).
 */
public interface GatewayListener {

    /** A dispatch other than READY and RESUMED, in sequence order (replays included). */
    void onDispatch(GatewayDispatch dispatch);

    /** READY received: a new session, whose checkpoints should replace any older one. */
    default void onSessionStarted(int shardId, ResumeState session) {
    }

    /** The shard moved between states; {@code reason} says why in plain words. */
    default void onStatusChanged(int shardId, ShardStatus from, ShardStatus to, String reason) {
    }
}
