package community.arrakis.gatewayproxy.discord.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads gateway payloads with Jackson's streaming parser, without building a tree.
 *
 * <p>The envelope's fields may come in any order (Discord sends {@code t, s, op, d}; others send
 * {@code op} first), so {@link #read} makes one pass that notes where {@code d} starts and ends
 * (parser byte offsets, {@code skipChildren} over its contents) and picks up {@code op}, {@code s}
 * and {@code t}. Only the few payloads whose fields the shard itself needs (HELLO, READY, a
 * GUILD_CREATE's id) get a second, targeted pass over the {@code d} range.
 *
 * <p>Thread-safe: the factory is shared, parsers are per call.
 */
public final class FrameReader {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    public GatewayFrame read(byte[] message) throws MalformedFrameException {
        int op = -1;
        long seq = GatewayFrame.NO_SEQUENCE;
        String type = null;
        int dataStart = -1;
        int dataEnd = -1;
        GatewayFrame.DataKind kind = GatewayFrame.DataKind.ABSENT;
        try (JsonParser p = JSON.createParser(message)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedFrameException("a gateway payload must be a JSON object", null);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "op" -> op = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : -1;
                    case "s" -> seq = value == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : GatewayFrame.NO_SEQUENCE;
                    case "t" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "d" -> {
                        dataStart = (int) p.currentTokenLocation().getByteOffset();
                        kind = kindOf(value);
                        if (value.isStructStart()) {
                            p.skipChildren();
                            dataEnd = (int) p.currentLocation().getByteOffset();
                        } else {
                            if (value == JsonToken.VALUE_STRING) {
                                p.getText(); // consume the whole string so the location is past it
                            }
                            dataEnd = (int) p.currentLocation().getByteOffset();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new MalformedFrameException("not valid JSON: " + e.getMessage(), e);
        }
        if (op < 0) {
            throw new MalformedFrameException("payload has no numeric op", null);
        }
        if (kind == GatewayFrame.DataKind.NULL) {
            dataStart = -1;
        }
        return new GatewayFrame(op, seq, type, message, dataStart, dataEnd, kind);
    }

    /** HELLO's {@code heartbeat_interval} in milliseconds. */
    public long heartbeatInterval(GatewayFrame hello) throws MalformedFrameException {
        try (JsonParser p = dataParser(hello)) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("heartbeat_interval") && value.isNumeric()) {
                    long interval = p.getLongValue();
                    if (interval > 0) {
                        return interval;
                    }
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new MalformedFrameException("HELLO is not valid JSON", e);
        }
        throw new MalformedFrameException("HELLO has no positive heartbeat_interval", null);
    }

    /** READY's session id, resume URL and guild ids. */
    public ReadyInfo ready(GatewayFrame ready) throws MalformedFrameException {
        String sessionId = null;
        String resumeUrl = null;
        Set<String> guilds = new HashSet<>();
        try (JsonParser p = dataParser(ready)) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "session_id" -> sessionId = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "resume_gateway_url" -> resumeUrl = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "guilds" -> {
                        if (value == JsonToken.START_ARRAY) {
                            while (p.nextToken() == JsonToken.START_OBJECT) {
                                String id = topLevelString(p, "id");
                                if (id != null) {
                                    guilds.add(id);
                                }
                            }
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new MalformedFrameException("READY is not valid JSON", e);
        }
        if (sessionId == null) {
            throw new MalformedFrameException("READY has no session_id", null);
        }
        return new ReadyInfo(sessionId, resumeUrl, Set.copyOf(guilds));
    }

    /** The {@code id} field at the top level of {@code d} (e.g. a GUILD_CREATE's guild id), or null. */
    public String dataId(GatewayFrame frame) throws MalformedFrameException {
        if (frame.dataKind() != GatewayFrame.DataKind.OBJECT) {
            return null;
        }
        try (JsonParser p = JSON.createParser(frame.message(), frame.dataStart(), frame.dataLength())) {
            p.nextToken();
            return topLevelString(p, "id");
        } catch (IOException e) {
            throw new MalformedFrameException(frame.type() + " is not valid JSON", e);
        }
    }

    /** Reads the rest of the current object (the parser is on its START_OBJECT) for one string field. */
    private static String topLevelString(JsonParser p, String name) throws IOException {
        String found = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (found == null && field.equals(name) && value == JsonToken.VALUE_STRING) {
                found = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static JsonParser dataParser(GatewayFrame frame) throws IOException, MalformedFrameException {
        if (frame.dataKind() != GatewayFrame.DataKind.OBJECT) {
            throw new MalformedFrameException("op " + frame.op() + " has no object in d", null);
        }
        JsonParser p = JSON.createParser(frame.message(), frame.dataStart(), frame.dataLength());
        p.nextToken();
        return p;
    }

    private static GatewayFrame.DataKind kindOf(JsonToken token) {
        return switch (token) {
            case VALUE_NULL -> GatewayFrame.DataKind.NULL;
            case VALUE_TRUE -> GatewayFrame.DataKind.TRUE;
            case VALUE_FALSE -> GatewayFrame.DataKind.FALSE;
            case START_OBJECT -> GatewayFrame.DataKind.OBJECT;
            case START_ARRAY -> GatewayFrame.DataKind.ARRAY;
            default -> GatewayFrame.DataKind.OTHER;
        };
    }
}
