package community.arrakis.gatewayproxy.ops.status;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One gateway shard of an ingestor.
 *
 * @param shard         the shard id
 * @param state         its session state as the gateway client names it, e.g. {@code READY}, {@code RECONNECTING}
 * @param health        what that state means for the bot
 * @param lastEventAge  since the last dispatch arrived; null when unknown
 * @param heartbeatRtt  the last heartbeat's round trip; null before the first ACK
 * @param held          events of this shard the broker has not confirmed yet
 * @param note          why it is not READY (what it waits for, why it stopped), or empty
 */
public record ShardRow(int shard, String state, Health health, Duration lastEventAge, Duration heartbeatRtt,
                       long held, String note) {
    public ShardRow {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(health, "health");
        note = note == null ? "" : note;
    }

    ShardRow redacted(UnaryOperator<String> redactor) {
        return new ShardRow(shard, redactor.apply(state), health, lastEventAge, heartbeatRtt, held, redactor.apply(note));
    }
}
