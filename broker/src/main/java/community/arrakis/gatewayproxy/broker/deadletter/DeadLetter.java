package community.arrakis.gatewayproxy.broker.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.InvalidEnvelopeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One message of the dead-letter queue as it was read: its place in the queue, its properties and
 * headers, its body, and what can be told from them. Three kinds of message end up there, and each
 * answers the same questions:
 *
 * <pre>
 * worker's dead letter      an envelope + x-arrakis-dead-reason, -attempts, -worker, -source-queue
 * ingestor's dead letter    Discord's raw d (not an envelope) or an unroutable envelope + -dead-reason,
 *                           -dispatch-type, -shard, -sequence
 * RabbitMQ's dead letter    a delivery rejected through the queue's x-dead-letter-exchange (when the
 *                           worker could not publish its own dead letter): the envelope + x-death
 * </pre>
 */
public final class DeadLetter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EnvelopeCodec CODEC = new EnvelopeCodec();

    private final int position;
    private final String messageId;
    private final String type;
    private final String contentType;
    private final Integer priority;
    private final Map<String, Object> headers;
    private final byte[] body;
    private final Envelope envelope;
    private final String notAnEnvelope;

    private DeadLetter(int position, String messageId, String type, String contentType, Integer priority,
                       Map<String, Object> headers, byte[] body, Envelope envelope, String notAnEnvelope) {
        this.position = position;
        this.messageId = messageId;
        this.type = type;
        this.contentType = contentType;
        this.priority = priority;
        this.headers = headers;
        this.body = body;
        this.envelope = envelope;
        this.notAnEnvelope = notAnEnvelope;
    }

    /** Reads one message; never fails, whatever the body holds. */
    public static DeadLetter read(int position, AMQP.BasicProperties properties, byte[] body) {
        Envelope envelope = null;
        String notAnEnvelope = null;
        try {
            envelope = CODEC.decode(body);
        } catch (InvalidEnvelopeException | IllegalArgumentException e) {
            notAnEnvelope = e.getMessage();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> headers = properties.getHeaders() == null ? Map.of()
                : (Map<String, Object>) plain(properties.getHeaders());
        return new DeadLetter(position, properties.getMessageId(), properties.getType(), properties.getContentType(),
                properties.getPriority(), Collections.unmodifiableMap(headers), body, envelope, notAnEnvelope);
    }

    /** 1 for the head of the queue, as it was when the queue was read. */
    public int position() {
        return position;
    }

    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    /** The AMQP {@code type} property: the event type, when the publisher set it. */
    public Optional<String> typeProperty() {
        return Optional.ofNullable(type);
    }

    public Optional<String> contentType() {
        return Optional.ofNullable(contentType);
    }

    /** The AMQP priority it carries, if any (the worker's dead letters carry none). */
    public Optional<Integer> priority() {
        return Optional.ofNullable(priority);
    }

    /** Every header, with RabbitMQ's byte strings as Java strings. */
    public Map<String, Object> headers() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public int bodySize() {
        return body.length;
    }

    /** The decoded envelope; empty when the body is not one (see {@link #notAnEnvelope()}). */
    public Optional<Envelope> envelope() {
        return Optional.ofNullable(envelope);
    }

    /** Why the body is not an envelope; empty when it is one. */
    public Optional<String> notAnEnvelope() {
        return Optional.ofNullable(notAnEnvelope);
    }

    /** The envelope's event id, or else the message id. */
    public Optional<String> eventId() {
        return envelope != null ? Optional.of(envelope.eventId()) : messageId();
    }

    /** The envelope's event type, or else the {@code type} property. */
    public Optional<String> eventType() {
        return envelope != null ? Optional.of(envelope.eventType()) : typeProperty();
    }

    /** The envelope's dispatch name, or else the ingestor's {@value DeadLetterHeaders#DISPATCH_TYPE} header. */
    public Optional<String> dispatchType() {
        return envelope != null ? Optional.of(envelope.dispatchType()) : text(DeadLetterHeaders.DISPATCH_TYPE);
    }

    /** The envelope's guild, or else a {@code guild_id} in a body that is Discord's raw {@code d}. */
    public Optional<String> guildId() {
        if (envelope != null) {
            return Optional.ofNullable(envelope.guildId());
        }
        try {
            JsonNode guild = JSON.readTree(body).get("guild_id");
            return guild != null && guild.isTextual() ? Optional.of(guild.asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Why it is here, in one line: the reason header, or what RabbitMQ recorded, or that nothing says. */
    public String reason() {
        Optional<String> reason = text(DeadLetterHeaders.REASON);
        if (reason.isPresent()) {
            return reason.get();
        }
        Map<String, Object> death = lastDeath();
        if (death != null) {
            return "dead-lettered by RabbitMQ: " + death.get("reason") + " in " + death.get("queue");
        }
        return "(no reason recorded)";
    }

    /**
     * Where a replay sends it under a topology of {@code guildPartitions} guild partitions: a guild
     * event to its guild's partition as that topology computes it ({@link GuildPartitions}: also a
     * letter from the pre-partition guild queue, or from before the partition count changed), anything
     * else to {@link #routingKey()}. Empty when the body is not an envelope.
     */
    public Optional<String> replayRoutingKey(int guildPartitions) {
        if (envelope != null && GuildPartitions.partitioned(envelope.eventType())) {
            return Optional.of(GuildPartitions.routingKey(envelope, guildPartitions));
        }
        return routingKey();
    }

    /**
     * The routing key it was first published with: RabbitMQ's record when
     * it dead-lettered the message, otherwise the envelope's event type (every envelope is published
     * with its event type as routing key). Empty when the body is not an envelope.
     */
    public Optional<String> routingKey() {
        if (envelope == null) {
            return Optional.empty();
        }
        Map<String, Object> death = lastDeath();
        if (death != null && death.get("routing-keys") instanceof List<?> keys && !keys.isEmpty()) {
            return Optional.of(String.valueOf(keys.get(0)));
        }
        return Optional.of(envelope.eventType());
    }

    /** When it was dead-lettered: the header the proxy writes, or RabbitMQ's own record. */
    public Optional<Instant> deadLetteredAt() {
        if (headers.get(DeadLetterHeaders.DEAD_LETTERED_AT) instanceof Number millis) {
            return Optional.of(Instant.ofEpochMilli(millis.longValue()));
        }
        Map<String, Object> death = lastDeath();
        if (death != null && death.get("time") instanceof Date time) {
            return Optional.of(time.toInstant());
        }
        return Optional.empty();
    }

    /**
     * What its age counts from: {@link #deadLetteredAt()}, or else, for a dead letter written before
     * the proxy recorded that, when the ingestor received the event (it cannot have died earlier).
     */
    public Optional<Instant> since() {
        Optional<Instant> at = deadLetteredAt();
        if (at.isPresent() || envelope == null) {
            return at;
        }
        return Optional.of(Instant.ofEpochMilli(envelope.receivedAt()));
    }

    /** Handler tries the worker made, when it says. */
    public Optional<Integer> attempts() {
        return headers.get(DeadLetterHeaders.ATTEMPTS) instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }

    /** How many times it was replayed from the dead-letter queue before (0 if never). */
    public int replays() {
        return headers.get(DeadLetterHeaders.REPLAYS) instanceof Number n ? n.intValue() : 0;
    }

    /** The queue it was consumed from: the worker's header or RabbitMQ's record. */
    public Optional<String> sourceQueue() {
        Optional<String> queue = text(DeadLetterHeaders.SOURCE_QUEUE);
        if (queue.isPresent()) {
            return queue;
        }
        Map<String, Object> death = lastDeath();
        return death == null ? Optional.empty() : Optional.ofNullable((String) death.get("queue"));
    }

    public Optional<String> worker() {
        return text(DeadLetterHeaders.WORKER);
    }

    public Optional<String> exception() {
        return text(DeadLetterHeaders.EXCEPTION).filter(e -> !e.isEmpty());
    }

    /** True for an interaction: only worth replaying while Discord still takes its answer. */
    public boolean isInteraction() {
        return envelope != null && envelope.isInteraction();
    }

    private Optional<String> text(String header) {
        Object value = headers.get(header);
        return value == null ? Optional.empty() : Optional.of(value.toString());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> lastDeath() {
        if (headers.get(DeadLetterHeaders.X_DEATH) instanceof List<?> deaths && !deaths.isEmpty()
                && deaths.get(0) instanceof Map<?, ?> newest) {
            return (Map<String, Object>) newest;
        }
        return null;
    }

    /** RabbitMQ's header values as plain Java: byte strings to strings, lists and tables copied. */
    private static Object plain(Object value) {
        if (value instanceof LongString text) {
            return new String(text.getBytes(), StandardCharsets.UTF_8);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plain(item)));
            return Collections.unmodifiableList(copy);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), plain(item)));
            return Collections.unmodifiableMap(copy);
        }
        return value;
    }
}
