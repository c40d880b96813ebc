package community.arrakis.gatewayproxy.discord.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Builds the payloads a shard sends. Written with the streaming generator so the token only ever
 * lives in the outgoing string, and never in a tree that could end up in a log line.
 */
public final class PayloadWriter {

    /** The library name Discord sees in IDENTIFY's {@code properties.browser/device}. */
    public static final String LIBRARY_NAME = "arrakis-gateway-proxy";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** {@code {"op":1,"d":<seq or null>}}. */
    public String heartbeat(long sequence) {
        return "{\"op\":1,\"d\":" + (sequence == GatewayFrame.NO_SEQUENCE ? "null" : Long.toString(sequence)) + "}";
    }

    /** {@code {"op":2,"d":{token, properties, intents, shard:[id,count]}}} with the bare token. */
    public String identify(String token, int intents, int shardId, int shardCount) {
        return write(g -> {
            g.writeNumberField("op", Opcode.IDENTIFY.code());
            g.writeObjectFieldStart("d");
            g.writeStringField("token", token);
            g.writeObjectFieldStart("properties");
            g.writeStringField("os", System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT));
            g.writeStringField("browser", LIBRARY_NAME);
            g.writeStringField("device", LIBRARY_NAME);
            g.writeEndObject();
            g.writeNumberField("intents", intents);
            g.writeArrayFieldStart("shard");
            g.writeNumber(shardId);
            g.writeNumber(shardCount);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** {@code {"op":6,"d":{token, session_id, seq}}}. */
    public String resume(String token, String sessionId, long sequence) {
        return write(g -> {
            g.writeNumberField("op", Opcode.RESUME.code());
            g.writeObjectFieldStart("d");
            g.writeStringField("token", token);
            g.writeStringField("session_id", sessionId);
            if (sequence == GatewayFrame.NO_SEQUENCE) {
                g.writeNullField("seq");
            } else {
                g.writeNumberField("seq", sequence);
            }
            g.writeEndObject();
        });
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String write(Body body) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
