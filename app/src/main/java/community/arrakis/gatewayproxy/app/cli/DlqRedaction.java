package community.arrakis.gatewayproxy.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import community.arrakis.gatewayproxy.ops.status.SecretRedactor;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes secrets out of what the {@code dlq} commands show: the shapes the status page masks
 * ({@link SecretRedactor}: a token in an interaction or webhook path, a URL's password, a bot token,
 * a long run of token characters, and the secrets a dead letter is known to carry, its interaction
 * token), plus, in a body, the value of every field named like a secret ({@code token},
 * {@code interactionToken}, {@code client_secret}...), in JSON that parses or not.
 */
final class DlqRedaction {

    static final String MASK = SecretRedactor.MASK;

    private static final Pattern SECRET_NAME = Pattern.compile(".*(token|secret|password|authorization|credential).*");
    /** A secret-named field in JSON that does not parse (cut short, say): {@code "token":"..."}. */
    private static final Pattern JSON_SECRET_FIELD = Pattern.compile(
            "(?i)(\"[^\"]*(?:token|secret|password|authorization|credential)[^\"]*\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

    private DlqRedaction() {
    }

    /** {@code text} with {@code knownSecrets}, secret shapes and secret-named JSON fields masked. */
    static String text(String text, Collection<String> knownSecrets) {
        if (text == null) {
            return null;
        }
        String out = SecretRedactor.of(knownSecrets).apply(text);
        return JSON_SECRET_FIELD.matcher(out).replaceAll("$1\"" + Matcher.quoteReplacement(MASK) + "\"");
    }

    /** A copy of {@code node}: every secret-named field's value masked, every text redacted as {@link #text}. */
    static JsonNode json(JsonNode node, Collection<String> knownSecrets) {
        JsonNode copy = node.deepCopy();
        redactInPlace(copy, SecretRedactor.of(knownSecrets));
        return copy;
    }

    /** True for a field or header name that holds a secret. */
    static boolean secretName(String name) {
        return SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    private static void redactInPlace(JsonNode node, SecretRedactor redactor) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (secretName(field.getKey()) && !value.isNull()) {
                    field.setValue(TextNode.valueOf(MASK));
                } else if (value.isTextual()) {
                    field.setValue(TextNode.valueOf(redactor.apply(value.asText())));
                } else {
                    redactInPlace(value, redactor);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                if (value.isTextual()) {
                    array.set(i, TextNode.valueOf(redactor.apply(value.asText())));
                } else {
                    redactInPlace(value, redactor);
                }
            }
        }
    }
}
