package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import java.util.Optional;

/**
 * Where each shard's session survives the process: session id, resume URL and the last sequence
 * whose event is safe in the broker. A session belongs to a shard <em>of a given total</em>, so the
 * total is part of the key: after resharding, old checkpoints are simply not found.
 */
public interface SessionCheckpointStore extends AutoCloseable {

    Optional<ResumeState> load(int shardId, int shardCount);

    void save(int shardId, int shardCount, ResumeState state);

    /** The session is gone for good (Discord invalidated it): the next start must identify. */
    void delete(int shardId, int shardCount);

    @Override
    default void close() {
    }
}
