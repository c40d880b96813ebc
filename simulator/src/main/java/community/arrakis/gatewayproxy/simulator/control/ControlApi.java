package community.arrakis.gatewayproxy.simulator.control;

import community.arrakis.gatewayproxy.simulator.CommandOption;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import community.arrakis.gatewayproxy.simulator.load.LoadDriver;
import community.arrakis.gatewayproxy.simulator.load.LoadProfile;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code /_sim/...}: emit events, inspect recordings, inject faults, move the clock and run load over
 * HTTP, mirroring the Java API of {@link DiscordSimulator}. Bodies and answers are JSON; a bad
 * request answers 400 with {@code {"error": "..."}}. Documented in docs/simulator.md.
 */
public final class ControlApi {
    public static final String BASE_PATH = "/_sim";

    private final DiscordSimulator simulator;

    public ControlApi(DiscordSimulator simulator) {
        this.simulator = simulator;
    }

    public void mount(Javalin app) {
        app.get(BASE_PATH + "/world", ctx -> json(ctx, world()));
        app.get(BASE_PATH + "/sessions", ctx -> json(ctx, Json.MAPPER.valueToTree(simulator.sessions())));
        app.post(BASE_PATH + "/interactions/slash", ctx -> emit(ctx, b -> simulator.emitSlashCommand(
                text(b, "guild_id"), text(b, "user_id"), text(b, "command"), options(b.path("options")))));
        app.post(BASE_PATH + "/interactions/autocomplete", ctx -> emit(ctx, b -> simulator.emitAutocomplete(
                text(b, "guild_id"), text(b, "user_id"), text(b, "command"), options(b.path("options")))));
        app.post(BASE_PATH + "/interactions/button", ctx -> emit(ctx, b -> simulator.emitButtonClick(
                text(b, "guild_id"), text(b, "user_id"), text(b, "custom_id"))));
        app.post(BASE_PATH + "/interactions/select", ctx -> emit(ctx, b -> simulator.emitSelect(
                text(b, "guild_id"), text(b, "user_id"), text(b, "custom_id"), strings(b.path("values")))));
        app.post(BASE_PATH + "/interactions/modal", ctx -> emit(ctx, b -> simulator.emitModalSubmit(
                text(b, "guild_id"), text(b, "user_id"), text(b, "custom_id"), fields(b.path("fields")))));
        app.post(BASE_PATH + "/events/member-add", ctx -> emit(ctx, b -> simulator.emitMemberAdd(
                text(b, "guild_id"), text(b, "user_id"))));
        app.post(BASE_PATH + "/events/member-remove", ctx -> emit(ctx, b -> simulator.emitMemberRemove(
                text(b, "guild_id"), text(b, "user_id"))));
        app.post(BASE_PATH + "/events/member-update", ctx -> emit(ctx, b -> simulator.emitMemberUpdate(
                text(b, "guild_id"), text(b, "user_id"), strings(b.path("roles")))));
        app.post(BASE_PATH + "/events/guild-create", ctx -> emit(ctx, b -> b.hasNonNull("guild_id")
                ? simulator.emitGuildAvailable(text(b, "guild_id")) : simulator.emitGuildCreate(text(b, "name"))));
        app.post(BASE_PATH + "/events/guild-delete", ctx -> emit(ctx, b -> simulator.emitGuildDelete(
                text(b, "guild_id"), b.path("unavailable").asBoolean(false))));
        app.post(BASE_PATH + "/events/message-create", ctx -> emit(ctx, b -> simulator.emitMessageCreate(
                text(b, "guild_id"), b.path("channel_id").textValue(), text(b, "user_id"), text(b, "content"))));
        app.post(BASE_PATH + "/events/direct-message", ctx -> emit(ctx, b -> simulator.emitDirectMessage(
                text(b, "user_id"), text(b, "content"))));
        app.get(BASE_PATH + "/requests", this::requests);
        app.delete(BASE_PATH + "/requests", ctx -> {
            simulator.requests().clear();
            ctx.status(204);
        });
        app.get(BASE_PATH + "/dispatches", ctx -> {
            String type = ctx.queryParam("type");
            json(ctx, Json.MAPPER.valueToTree(type == null ? simulator.dispatches().all()
                    : simulator.dispatches().ofType(type)));
        });
        app.delete(BASE_PATH + "/dispatches", ctx -> {
            simulator.dispatches().clear();
            ctx.status(204);
        });
        app.post(BASE_PATH + "/faults/gateway", ctx -> emit(ctx, this::gatewayFault));
        app.post(BASE_PATH + "/faults/rest", ctx -> emit(ctx, b -> {
            RouteFault fault = new RouteFault(b.path("method").asText("*"), b.path("route").asText("*"),
                    RouteFault.Kind.valueOf(text(b, "kind")), b.path("rate").asDouble(1.0),
                    Duration.ofMillis(b.path("delay_ms").asLong(0)));
            simulator.faults().failRoute(fault);
            return fault;
        }));
        app.delete(BASE_PATH + "/faults/rest", ctx -> {
            simulator.faults().clearRouteFaults();
            ctx.status(204);
        });
        app.get(BASE_PATH + "/invalid-requests", ctx -> json(ctx,
                Json.object().put("count", simulator.invalidRequestsCounted())));
        app.post(BASE_PATH + "/clock/advance", ctx -> emit(ctx, b -> {
            simulator.clock().advance(Duration.ofMillis(b.path("millis").asLong()));
            return Map.of("offset_millis", simulator.clock().offset().toMillis());
        }));
        app.post(BASE_PATH + "/load", ctx -> emit(ctx, b -> {
            List<LoadProfile.Stage> stages = new ArrayList<>();
            for (JsonNode stage : b.path("stages")) {
                stages.add(new LoadProfile.Stage(stage.path("rate").asInt(), Duration.ofMillis(
                        (long) (stage.path("seconds").asDouble() * 1000))));
            }
            Duration grace = Duration.ofMillis(b.path("grace_ms").asLong(5_000));
            return new LoadDriver(simulator).run(new LoadProfile(stages), grace).toJson();
        }));
        app.exception(IllegalArgumentException.class, (e, ctx) -> {
            ctx.status(400);
            json(ctx, Json.object().put("error", e.getMessage()));
        });
    }

    private Object gatewayFault(JsonNode b) {
        Integer shard = b.hasNonNull("shard") ? b.get("shard").asInt() : null;
        int hit = switch (text(b, "action")) {
            case "zombie" -> simulator.faults().stopHeartbeatAcks(shard);
            case "unzombie" -> simulator.faults().resumeHeartbeatAcks(shard);
            case "heartbeat" -> simulator.faults().requestHeartbeat(shard);
            case "reconnect" -> simulator.faults().requestReconnect(shard);
            case "invalidate" -> simulator.faults().invalidateSession(shard, b.path("resumable").asBoolean(false));
            case "close" -> simulator.faults().close(shard, b.path("code").asInt(4000));
            case "drop" -> simulator.faults().dropConnection(shard);
            default -> throw new IllegalArgumentException("action must be one of zombie, unzombie, heartbeat, "
                    + "reconnect, invalidate, close, drop");
        };
        return Map.of("connections", hit);
    }

    private void requests(Context ctx) {
        String method = ctx.queryParam("method");
        String route = ctx.queryParam("route");
        ArrayNode out = Json.array();
        for (RecordedRequest r : simulator.requests().all()) {
            if ((method != null && !method.equalsIgnoreCase(r.method())) || (route != null && !route.equals(r.route()))) {
                continue;
            }
            ObjectNode node = out.addObject().put("method", r.method()).put("route", r.route())
                    .put("path", redactTokens(r)).put("status", r.status()).put("body", r.body())
                    .put("response_body", r.responseBody()).put("received_at", r.receivedAt().toString())
                    .put("responded_at", r.respondedAt().toString());
            Map<String, String> params = new LinkedHashMap<>(r.pathParams());
            params.computeIfPresent("interaction_token", (k, v) -> "[redacted]");
            node.set("path_params", Json.MAPPER.valueToTree(params));
            node.set("headers", Json.MAPPER.valueToTree(r.headers()));
        }
        json(ctx, out);
    }

    private static String redactTokens(RecordedRequest r) {
        String token = r.pathParams().get("interaction_token");
        return token == null ? r.path() : r.path().replace(token, "[redacted]");
    }

    private ObjectNode world() {
        ObjectNode world = Json.object();
        world.set("bot", Payloads.user(simulator.world().bot()));
        world.set("application", Json.MAPPER.valueToTree(simulator.world().application()));
        ArrayNode guilds = world.putArray("guilds");
        for (Guild guild : simulator.world().guilds()) {
            ObjectNode node = guilds.addObject().put("id", guild.id()).put("name", guild.name())
                    .put("owner_id", guild.ownerId());
            node.set("channels", Json.MAPPER.valueToTree(guild.channels()));
            node.set("roles", Json.MAPPER.valueToTree(guild.roles()));
            ArrayNode members = node.putArray("members");
            guild.members().forEach(m -> members.addObject().put("user_id", m.user().id())
                    .put("username", m.user().username()).set("roles", Json.MAPPER.valueToTree(m.roleIds())));
        }
        return world;
    }

    private static void emit(Context ctx, Function<JsonNode, Object> action) {
        JsonNode body = ctx.body().isBlank() ? Json.object() : Json.parseOrNull(ctx.body());
        if (body == null) {
            throw new IllegalArgumentException("body is not JSON");
        }
        json(ctx, Json.MAPPER.valueToTree(action.apply(body)));
    }

    private static void json(Context ctx, JsonNode node) {
        ctx.contentType("application/json").result(Json.write(node));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.path(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' is required and must be a string");
        }
        return value.textValue();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, String> fields(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static CommandOption[] options(JsonNode array) {
        List<CommandOption> options = new ArrayList<>();
        for (JsonNode option : array) {
            JsonNode value = option.path("value");
            Object parsed = value.isMissingNode() || value.isNull() ? null
                    : value.isIntegralNumber() ? (Object) value.longValue()
                    : value.isNumber() ? (Object) value.doubleValue()
                    : value.isBoolean() ? (Object) value.booleanValue() : value.asText();
            options.add(new CommandOption(option.path("name").asText(), option.path("type").asInt(CommandOption.STRING),
                    parsed, List.of(options(option.path("options"))), option.path("focused").asBoolean(false)));
        }
        return options.toArray(CommandOption[]::new);
    }
}
