package community.arrakis.gatewayproxy.simulator;

import java.time.Instant;

/**
 * A dispatch the gateway sent (or buffered for replay) to one session: enough to assert that the set
 * of events sent equals the set a bot received. {@code entityId} is the interaction, user, message or
 * guild id the event is about.
 */
public record RecordedDispatch(int shardId, int shardCount, String sessionId, long seq, String type, String guildId,
                               String entityId, Instant at) {
}
