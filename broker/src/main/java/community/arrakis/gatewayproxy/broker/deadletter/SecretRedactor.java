package community.arrakis.gatewayproxy.broker.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes secrets out of what a dead letter shows a person: an interaction's token (the envelope's
 * {@code interactionToken}, Discord's {@code token} in the payload), any field named like a secret,
 * and text shaped like one wherever it appears (a bot token, the token in an interaction or webhook
 * URL, a password in an {@code amqp://} URL).
 */
public final class SecretRedactor {

    public static final String REDACTED = "<redacted>";

    /** Field names that hold secrets, compared in lower case. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(token|secret|password|authorization|credential).*");
    /** A Discord bot token: base64 user id, timestamp, HMAC. */
    private static final Pattern BOT_TOKEN = Pattern.compile("[A-Za-z0-9_-]{23,28}\\.[A-Za-z0-9_-]{6,7}\\.[A-Za-z0-9_-]{27,}");
    /** The token path segment of an interaction callback or a webhook (follow-ups). */
    private static final Pattern URL_TOKEN = Pattern.compile("(/(?:interactions|webhooks)/\\d+/)[^/\\s?\"']+");
    /** A secret-named field in JSON that could not be parsed: {@code "token":"..."}. */
    private static final Pattern JSON_SECRET_FIELD = Pattern.compile(
            "(?i)(\"[^\"]*(?:token|secret|password|authorization|credential)[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern BOT_HEADER = Pattern.compile("(?i)\\b(Bot|Bearer)\\s+[A-Za-z0-9_.-]{20,}");

    private SecretRedactor() {
    }

    /** A copy of {@code node} with every secret-named field's value and every secret-shaped text replaced. */
    public static JsonNode json(JsonNode node, Collection<String> knownSecrets) {
        JsonNode copy = node.deepCopy();
        redactInPlace(copy, knownSecrets);
        return copy;
    }

    /** {@code text} with every known secret and every secret-shaped part replaced. */
    public static String text(String text, Collection<String> knownSecrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : knownSecrets) {
            if (secret != null && secret.length() >= 8) {
                out = out.replace(secret, REDACTED);
            }
        }
        out = BOT_TOKEN.matcher(out).replaceAll(REDACTED);
        out = URL_TOKEN.matcher(out).replaceAll("$1" + REDACTED);
        out = BOT_HEADER.matcher(out).replaceAll("$1 " + REDACTED);
        out = JSON_SECRET_FIELD.matcher(out).replaceAll("$1\"" + REDACTED + "\"");
        if (out.contains("amqp://") || out.contains("amqps://")) {
            out = BrokerConnections.redact(out);
        }
        return out;
    }

    /** True for a field name that holds a secret ({@code token}, {@code interactionToken}, {@code password}...). */
    public static boolean secretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static void redactInPlace(JsonNode node, Collection<String> knownSecrets) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (secretName(field.getKey()) && !value.isNull()) {
                    field.setValue(TextNode.valueOf(REDACTED));
                } else if (value.isTextual()) {
                    field.setValue(TextNode.valueOf(text(value.asText(), knownSecrets)));
                } else {
                    redactInPlace(value, knownSecrets);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(text(value.asText(), knownSecrets)));
                } else {
                    redactInPlace(value, knownSecrets);
                }
            }
        }
    }
}
