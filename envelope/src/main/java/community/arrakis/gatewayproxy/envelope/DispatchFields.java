package community.arrakis.gatewayproxy.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The few scalar fields of a dispatch's {@code d} that routing and the envelope need, read with a
 * streaming parser that skips everything else. A GUILD_CREATE can be megabytes of members and
 * channels; this never builds a tree of it.
 */
public final class DispatchFields implements Function<String, String> {

    /** Dotted paths read from every dispatch; absent ones are simply null. */
    static final Set<String> PATHS = Set.of(
            "id", "type", "token", "application_id", "guild_id", "channel_id", "unavailable",
            "user.id", "member.user.id", "author.id",
            "data.name", "data.custom_id", "data.component_type");

    private static final Set<String> PARENTS = parentsOf(PATHS);
    private static final JsonFactory JSON = new JsonFactory();

    private final Map<String, String> values;

    private DispatchFields(Map<String, String> values) {
        this.values = values;
    }

    /** @throws InvalidEnvelopeException when {@code d} is not a JSON object */
    public static DispatchFields read(byte[] data) {
        Map<String, String> values = new HashMap<>(16);
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidEnvelopeException("dispatch data is not a JSON object");
            }
            readObject(parser, "", values);
        } catch (IOException e) {
            throw new InvalidEnvelopeException("dispatch data is not valid JSON: " + JsonErrors.describe(e), e);
        }
        return new DispatchFields(values);
    }

    private static void readObject(JsonParser parser, String prefix, Map<String, String> values) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String path = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && PARENTS.contains(path)) {
                readObject(parser, path + ".", values);
            } else if (value.isStructStart()) {
                parser.skipChildren();
            } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL && PATHS.contains(path)) {
                values.put(path, parser.getText());
            }
        }
    }

    private static Set<String> parentsOf(Set<String> paths) {
        Set<String> parents = new java.util.HashSet<>();
        for (String path : paths) {
            for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
                parents.add(path.substring(0, dot));
            }
        }
        return Set.copyOf(parents);
    }

    @Override
    public String apply(String path) {
        return values.get(path);
    }

    /** The user the event is from or about: the guild member, the DM user, or the author. */
    public String userId() {
        String member = values.get("member.user.id");
        if (member != null) {
            return member;
        }
        String user = values.get("user.id");
        return user != null ? user : values.get("author.id");
    }
}
