package community.arrakis.gatewayproxy.discord.gateway;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * One shard's gateway session: connects, identifies or resumes, heartbeats, reconnects per the
 * close-code table, and hands every dispatch to its {@link GatewayListener} in order.
 *
 * <p>SKELETON: the signatures are the contract other modules code against; the implementation is
 * being written.
 */
public final class GatewayShard implements AutoCloseable {

    private final ShardOptions options;
    private final GatewayListener listener;

    public GatewayShard(ShardOptions options, GatewayListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /** Starts connecting in the background; returns at once. */
    public void start() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public int shardId() {
        return options.shardId();
    }

    public ShardStatus status() {
        return ShardStatus.IDLE;
    }

    /** The current session and the last sequence received, if a session exists. */
    public Optional<ResumeState> resumeState() {
        return Optional.empty();
    }

    /** Round trip of the last acknowledged heartbeat, if any. */
    public OptionalLong heartbeatRttMillis() {
        return OptionalLong.empty();
    }

    /**
     * Stops reading and closes the socket with a resumable code (never 1000/1001), so the session
     * survives for another process to resume. Blocks until the socket is closed.
     */
    @Override
    public void close() {
    }
}
