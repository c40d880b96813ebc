package community.arrakis.gatewayproxy.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Envelope to JSON bytes and back. Writing streams the fields and copies the raw payload without
 * re-parsing it; reading accepts unknown fields (a newer ingestor may add some) and rejects,
 * with a message naming the field, anything a worker could not act on.
 */
public final class EnvelopeCodec {

    public static final String CONTENT_TYPE = "application/json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();

    public byte[] encode(Envelope e) {
        // Sized for the fields around the payload and a payload of multi-byte characters, so that
        // the buffer is not grown and copied on the hot path.
        ByteArrayOutputStream out = new ByteArrayOutputStream(640 + 2 * e.payload().length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", e.schemaVersion());
            g.writeStringField("eventId", e.eventId());
            g.writeStringField("eventType", e.eventType());
            g.writeStringField("dispatchType", e.dispatchType());
            g.writeNumberField("timestamp", e.timestamp());
            g.writeNumberField("shardId", e.shardId());
            g.writeStringField("sessionId", e.sessionId());
            g.writeNumberField("sequence", e.sequence());
            g.writeNumberField("receivedAt", e.receivedAt());
            g.writeStringField("traceId", e.traceId());
            g.writeStringField("guildId", e.guildId());
            g.writeStringField("channelId", e.channelId());
            g.writeStringField("userId", e.userId());
            g.writeStringField("interactionId", e.interactionId());
            g.writeStringField("interactionToken", e.interactionToken());
            g.writeStringField("applicationId", e.applicationId());
            g.writeNumberField("priority", e.priority());
            g.writeObjectFieldStart("data");
            for (Map.Entry<String, String> field : e.data().entrySet()) {
                g.writeStringField(field.getKey(), field.getValue());
            }
            g.writeEndObject();
            g.writeFieldName("payload");
            g.writeRawValue(e.payload());
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** @throws InvalidEnvelopeException naming what is wrong */
    public Envelope decode(byte[] body) {
        ObjectNode root = MAPPER.createObjectNode();
        String rawPayload = null;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEnvelopeException("envelope is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("payload") && value == JsonToken.START_OBJECT) {
                    // Sliced, not re-serialised: the handler sees exactly what Discord sent.
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getByteOffset();
                    rawPayload = new String(body, start, end - start, StandardCharsets.UTF_8);
                } else {
                    root.set(name, MAPPER.readTree(parser));
                }
            }
        } catch (IOException ex) {
            throw new InvalidEnvelopeException("envelope is not valid JSON: " + JsonErrors.describe(ex), ex);
        }
        int version = requiredInt(root, "schemaVersion");
        if (version != Envelope.SCHEMA_VERSION) {
            throw new InvalidEnvelopeException("unsupported schemaVersion " + version
                    + " (this version reads " + Envelope.SCHEMA_VERSION + ")");
        }
        if (rawPayload == null) {
            throw new InvalidEnvelopeException("field 'payload' must be a JSON object");
        }
        return new Envelope(
                version,
                requiredText(root, "eventId"),
                requiredText(root, "eventType"),
                requiredText(root, "dispatchType"),
                requiredLong(root, "timestamp"),
                requiredInt(root, "shardId"),
                optionalText(root, "sessionId"),
                requiredLong(root, "sequence"),
                requiredLong(root, "receivedAt"),
                optionalText(root, "traceId"),
                optionalText(root, "guildId"),
                optionalText(root, "channelId"),
                optionalText(root, "userId"),
                optionalText(root, "interactionId"),
                optionalText(root, "interactionToken"),
                optionalText(root, "applicationId"),
                requiredInt(root, "priority"),
                data(root.get("data")),
                rawPayload);
    }

    /** Parses the raw payload for handlers that need more than the envelope's fields. */
    public static JsonNode payloadTree(Envelope e) {
        try {
            return MAPPER.readTree(e.payload());
        } catch (IOException ex) {
            throw new InvalidEnvelopeException("payload is not valid JSON", ex);
        }
    }

    private static Map<String, String> data(JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidEnvelopeException("field 'data' must be an object of strings");
        }
        Map<String, String> data = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getValue().isNull()) {
                data.put(field.getKey(), field.getValue().asText());
            }
        }
        return data;
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidEnvelopeException("missing required field '" + field + "'");
        }
        if (!node.isTextual()) {
            throw new InvalidEnvelopeException("field '" + field + "' must be a string, was " + node.getNodeType());
        }
        return node.asText();
    }

    private static String optionalText(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidEnvelopeException("field '" + field + "' must be a string, was " + node.getNodeType());
        }
        return node.asText();
    }

    private static long requiredLong(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new InvalidEnvelopeException("missing required field '" + field + "'");
        }
        if (!node.isIntegralNumber()) {
            throw new InvalidEnvelopeException("field '" + field + "' must be an integer, was " + node.getNodeType());
        }
        return node.asLong();
    }

    private static int requiredInt(JsonNode root, String field) {
        long value = requiredLong(root, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidEnvelopeException("field '" + field + "' is out of range: " + value);
        }
        return (int) value;
    }
}
