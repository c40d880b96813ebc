package community.arrakis.gatewayproxy.envelope;

import java.util.Map;
import java.util.Objects;

/**
 * One Discord event on its way from the ingestor to a worker (schema version 1).
 *
 * <p>{@code eventId} is deterministic: an interaction's own snowflake, otherwise
 * {@code <shard>:<session>:<sequence>}, so a replayed or republished event carries the same id and
 * a worker can recognise it as a duplicate. {@code payload} is Discord's {@code d} object, kept as
 * the raw JSON text the gateway sent and forwarded untouched.
 *
 * @param schemaVersion    {@link #SCHEMA_VERSION} for envelopes this code writes
 * @param eventId          deterministic id, see above
 * @param eventType        our event type, which is also the routing key ({@code member.join})
 * @param dispatchType     Discord's dispatch name ({@code GUILD_MEMBER_ADD})
 * @param timestamp        epoch ms at which Discord created the event when known (an interaction's
 *                         snowflake), otherwise {@code receivedAt}
 * @param shardId          the shard whose session received it
 * @param sessionId        the gateway session id
 * @param sequence         the gateway sequence number {@code s}
 * @param receivedAt       epoch ms at which the ingestor read the frame
 * @param traceId          32 hex characters, W3C trace-context style
 * @param guildId          nullable
 * @param channelId        nullable
 * @param userId           nullable: the member, user or author the event is about or from
 * @param interactionId    nullable
 * @param interactionToken nullable; a secret, never logged
 * @param applicationId    nullable; needed for interaction follow-ups
 * @param priority         0..10, the AMQP priority it was published with
 * @param data             small extracted fields (command name, custom id, ...); never null
 * @param payload          Discord's raw {@code d} JSON object
 */
public record Envelope(
        int schemaVersion,
        String eventId,
        String eventType,
        String dispatchType,
        long timestamp,
        int shardId,
        String sessionId,
        long sequence,
        long receivedAt,
        String traceId,
        String guildId,
        String channelId,
        String userId,
        String interactionId,
        String interactionToken,
        String applicationId,
        int priority,
        Map<String, String> data,
        String payload) {

    public static final int SCHEMA_VERSION = 1;

    public Envelope {
        requireText(eventId, "eventId");
        requireText(eventType, "eventType");
        requireText(dispatchType, "dispatchType");
        requireText(payload, "payload");
        if (shardId < 0) {
            throw new InvalidEnvelopeException("shardId must be >= 0, was " + shardId);
        }
        if (priority < 0 || priority > 10) {
            throw new InvalidEnvelopeException("priority must be 0..10, was " + priority);
        }
        data = data == null ? Map.of() : Map.copyOf(data);
    }

    public boolean isInteraction() {
        return interactionId != null;
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEnvelopeException("missing required field '" + field + "'");
        }
    }

    /** Leaves out the payload and the interaction token: both may hold secrets. */
    @Override
    public String toString() {
        return "Envelope[eventId=" + eventId + ", eventType=" + eventType + ", shardId=" + shardId
                + ", sequence=" + sequence + ", guildId=" + guildId + ", traceId=" + traceId
                + ", interactionToken=" + (interactionToken == null ? "null" : "<redacted>") + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Envelope e
                && schemaVersion == e.schemaVersion && timestamp == e.timestamp && shardId == e.shardId
                && sequence == e.sequence && receivedAt == e.receivedAt && priority == e.priority
                && eventId.equals(e.eventId) && eventType.equals(e.eventType)
                && dispatchType.equals(e.dispatchType) && Objects.equals(sessionId, e.sessionId)
                && Objects.equals(traceId, e.traceId) && Objects.equals(guildId, e.guildId)
                && Objects.equals(channelId, e.channelId) && Objects.equals(userId, e.userId)
                && Objects.equals(interactionId, e.interactionId)
                && Objects.equals(interactionToken, e.interactionToken)
                && Objects.equals(applicationId, e.applicationId) && data.equals(e.data)
                && payload.equals(e.payload);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }
}
