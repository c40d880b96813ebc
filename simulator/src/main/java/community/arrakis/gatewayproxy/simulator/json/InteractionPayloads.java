package community.arrakis.gatewayproxy.simulator.json;

import community.arrakis.gatewayproxy.simulator.Channel;
import community.arrakis.gatewayproxy.simulator.CommandOption;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.World;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** INTERACTION_CREATE payloads: the interaction object around each kind of {@code data}. */
public final class InteractionPayloads {
    private InteractionPayloads() {
    }

    /** The envelope every guild interaction shares; {@code data} and {@code message} are added by the caller. */
    public static ObjectNode interaction(String id, String token, int type, World world, Guild guild, Channel channel,
                                         Member member) {
        long permissions = Payloads.permissions(guild, member);
        long botPermissions = guild.member(world.bot().id()).map(m -> Payloads.permissions(guild, m)).orElse(0L);
        ObjectNode node = Json.object()
                .put("id", id)
                .put("application_id", world.application().id())
                .put("type", type)
                .put("token", token)
                .put("version", 1)
                .put("guild_id", guild.id())
                .put("channel_id", channel.id())
                .put("app_permissions", Long.toString(botPermissions))
                .put("locale", "en-US")
                .put("guild_locale", "en-US")
                .put("context", 0)
                .put("attachment_size_limit", 10_485_760);
        node.putObject("guild").put("id", guild.id()).put("locale", "en-US").putArray("features");
        node.set("channel", Payloads.interactionChannel(channel, permissions));
        node.set("member", Payloads.interactionMember(guild, member));
        node.putArray("entitlements");
        node.putObject("authorizing_integration_owners").put("0", guild.id());
        return node;
    }

    public static ObjectNode commandData(String commandId, String commandName, Guild guild, World world,
                                         List<CommandOption> options) {
        ObjectNode data = Json.object().put("id", commandId).put("name", commandName).put("type", 1)
                .put("guild_id", guild.id());
        if (!options.isEmpty()) {
            ObjectNode resolved = Json.object();
            data.set("options", options(options, guild, world, resolved));
            if (!resolved.isEmpty()) {
                data.set("resolved", resolved);
            }
        }
        return data;
    }

    private static ArrayNode options(List<CommandOption> options, Guild guild, World world, ObjectNode resolved) {
        ArrayNode array = Json.array();
        for (CommandOption option : options) {
            ObjectNode node = array.addObject().put("name", option.name()).put("type", option.type());
            if (!option.options().isEmpty()) {
                node.set("options", options(option.options(), guild, world, resolved));
            } else if (option.type() == CommandOption.SUB_COMMAND) {
                node.putArray("options");
            } else {
                switch (option.value()) {
                    case null -> { }
                    case Long l -> node.put("value", l);
                    case Integer i -> node.put("value", i);
                    case Double d -> node.put("value", d);
                    case Boolean b -> node.put("value", b);
                    default -> node.put("value", option.value().toString());
                }
                resolve(option, guild, world, resolved);
            }
            if (option.focused()) {
                node.put("focused", true);
            }
        }
        return array;
    }

    private static void resolve(CommandOption option, Guild guild, World world, ObjectNode resolved) {
        String id = String.valueOf(option.value());
        switch (option.type()) {
            case CommandOption.USER, CommandOption.MENTIONABLE -> {
                world.user(id).ifPresent(u -> withMap(resolved, "users").set(id, Payloads.user(u)));
                guild.member(id).ifPresent(m -> withMap(resolved, "members").set(id,
                        Payloads.member(m, false).put("permissions", Long.toString(Payloads.permissions(guild, m)))));
                if (option.type() == CommandOption.MENTIONABLE) {
                    guild.role(id).ifPresent(r -> withMap(resolved, "roles").set(id, Payloads.role(r, world.bot().id())));
                }
            }
            case CommandOption.ROLE -> guild.role(id)
                    .ifPresent(r -> withMap(resolved, "roles").set(id, Payloads.role(r, world.bot().id())));
            case CommandOption.CHANNEL -> guild.channel(id).ifPresent(c -> withMap(resolved, "channels").set(id,
                    Payloads.interactionChannel(c, Payloads.ALL_PERMISSIONS_VISIBLE)));
            default -> { }
        }
    }

    private static ObjectNode withMap(ObjectNode resolved, String name) {
        return resolved.has(name) ? (ObjectNode) resolved.get(name) : resolved.putObject(name);
    }

    /** The bot message a component sits on: one action row holding the given component. */
    public static ObjectNode componentMessage(String messageId, Channel channel, World world, ObjectNode component,
                                              java.time.Instant timestamp) {
        ObjectNode message = Payloads.message(messageId, channel.id(), channel.guildId(), world.bot(),
                "Choose:", timestamp);
        message.putArray("components").addObject().put("type", 1).putArray("components").add(component);
        return message;
    }

    public static ObjectNode button(String customId) {
        return Json.object().put("type", 2).put("style", 1).put("label", "Go").put("custom_id", customId);
    }

    public static ObjectNode stringSelect(String customId, List<String> values) {
        ObjectNode select = Json.object().put("type", 3).put("custom_id", customId).put("min_values", 1)
                .put("max_values", Math.max(1, values.size()));
        ArrayNode options = select.putArray("options");
        values.forEach(v -> options.addObject().put("label", v).put("value", v));
        return select;
    }

    public static ObjectNode componentData(String customId, int componentType, List<String> values) {
        ObjectNode data = Json.object().put("custom_id", customId).put("component_type", componentType);
        if (componentType != 2) {
            ArrayNode array = data.putArray("values");
            values.forEach(array::add);
        }
        return data;
    }

    /**
     * Modal submit data, one action row per text input: the layout every library version reads (the
     * newer Label wrapper, type 18, is not produced).
     */
    public static ObjectNode modalData(String customId, Map<String, String> fields) {
        ObjectNode data = Json.object().put("custom_id", customId);
        ArrayNode rows = data.putArray("components");
        fields.forEach((inputId, value) -> rows.addObject().put("type", 1).putArray("components").addObject()
                .put("type", 4).put("custom_id", inputId).put("value", value));
        return data;
    }
}
