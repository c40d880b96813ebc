package community.arrakis.gatewayproxy.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Typed access to a command's options. Discord nests them at most three deep
 * (command → group → subcommand → parameters); this flattens the parameters and remembers the path,
 * so {@code /perm user get target:@x} reads as {@code subcommandGroup()="user"},
 * {@code subcommand()="get"}, {@code user("target")}.
 */
public final class CommandOptions {

    private static final int SUB_COMMAND = 1;
    private static final int SUB_COMMAND_GROUP = 2;

    private final String group;
    private final String subcommand;
    private final Map<String, JsonNode> values;
    private final String focused;
    private final JsonNode resolved;

    private CommandOptions(String group, String subcommand, Map<String, JsonNode> values, String focused, JsonNode resolved) {
        this.group = group;
        this.subcommand = subcommand;
        this.values = values;
        this.focused = focused;
        this.resolved = resolved;
    }

    /** @param data the interaction's {@code data} object; may be null or missing */
    public static CommandOptions from(JsonNode data) {
        if (data == null || data.isMissingNode() || data.isNull()) {
            return new CommandOptions(null, null, Map.of(), null, null);
        }
        String group = null;
        String subcommand = null;
        JsonNode options = data.path("options");
        for (int depth = 0; depth < 2 && options.isArray() && options.size() == 1; depth++) {
            JsonNode only = options.get(0);
            int type = only.path("type").asInt();
            if (type == SUB_COMMAND_GROUP && group == null && subcommand == null) {
                group = only.path("name").asText();
            } else if (type == SUB_COMMAND && subcommand == null) {
                subcommand = only.path("name").asText();
            } else {
                break;
            }
            options = only.path("options");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        String focused = null;
        if (options.isArray()) {
            for (JsonNode option : options) {
                String name = option.path("name").asText();
                if (option.has("value")) {
                    values.put(name, option.get("value"));
                }
                if (option.path("focused").asBoolean(false)) {
                    focused = name;
                }
            }
        }
        JsonNode resolved = data.get("resolved");
        return new CommandOptions(group, subcommand, Collections.unmodifiableMap(values), focused, resolved);
    }

    public Optional<String> subcommandGroup() {
        return Optional.ofNullable(group);
    }

    public Optional<String> subcommand() {
        return Optional.ofNullable(subcommand);
    }

    /** Names of the parameters that were given. */
    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Optional<String> string(String name) {
        JsonNode value = values.get(name);
        return value == null ? Optional.empty() : Optional.of(value.asText());
    }

    /** INTEGER options (Discord allows ±2^53). */
    public OptionalLong integer(String name) {
        JsonNode value = values.get(name);
        return value == null || !value.canConvertToLong() ? OptionalLong.empty() : OptionalLong.of(value.asLong());
    }

    /** NUMBER options (doubles). */
    public OptionalDouble number(String name) {
        JsonNode value = values.get(name);
        return value == null || !value.isNumber() ? OptionalDouble.empty() : OptionalDouble.of(value.asDouble());
    }

    public Optional<Boolean> bool(String name) {
        JsonNode value = values.get(name);
        return value == null || !value.isBoolean() ? Optional.empty() : Optional.of(value.asBoolean());
    }

    /** A USER (or MENTIONABLE naming a user) option, with the user's details when Discord resolved them. */
    public Optional<ResolvedUser> user(String name) {
        return string(name).map(id -> {
            JsonNode user = resolvedEntry("users", id);
            return new ResolvedUser(id, text(user, "username"), text(user, "global_name"), user.path("bot").asBoolean(false));
        });
    }

    public Optional<ResolvedRole> role(String name) {
        return string(name).map(id -> new ResolvedRole(id, text(resolvedEntry("roles", id), "name")));
    }

    public Optional<ResolvedChannel> channel(String name) {
        return string(name).map(id -> {
            JsonNode channel = resolvedEntry("channels", id);
            return new ResolvedChannel(id, text(channel, "name"), channel.path("type").asInt(-1));
        });
    }

    /** The option the user is typing in, for autocomplete; empty otherwise. */
    public Optional<String> focused() {
        return Optional.ofNullable(focused);
    }

    /** What the user typed so far in the focused option ("" when nothing). */
    public String focusedValue() {
        return focused == null ? "" : string(focused).orElse("");
    }

    private JsonNode resolvedEntry(String kind, String id) {
        return resolved == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : resolved.path(kind).path(id);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
