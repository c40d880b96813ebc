package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.SimulatorClock;
import community.arrakis.gatewayproxy.simulator.Snowflake;
import community.arrakis.gatewayproxy.simulator.World;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import community.arrakis.gatewayproxy.simulator.rest.InteractionLedger.Interaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;

/**
 * The interaction callback and the webhook-token routes for follow-ups and edits. None of them
 * needs the bot token; they are authorised by the interaction token in the path.
 */
public final class InteractionRoutes implements RestApi.RouteGroup, InteractionLedger.ResponseMessageFactory {
    static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    static final String FOLLOWUP = "/webhooks/{application_id}/{interaction_token}";
    static final String MESSAGE = "/webhooks/{application_id}/{interaction_token}/messages/{message_id}";

    private static final int EPHEMERAL = 1 << 6;
    private static final int LOADING = 1 << 7;
    private static final int MAX_CONTENT = 2000;

    private final World world;
    private final InteractionLedger ledger;
    private final Snowflake ids;
    private final SimulatorClock clock;

    public InteractionRoutes(World world, InteractionLedger ledger, Snowflake ids, SimulatorClock clock) {
        this.world = world;
        this.ledger = ledger;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.token(HandlerType.POST, CALLBACK, "interaction_id", this::callback),
                Route.token(HandlerType.POST, FOLLOWUP, "interaction_token", this::followup),
                Route.token(HandlerType.GET, MESSAGE, "interaction_token", this::getMessage),
                Route.token(HandlerType.PATCH, MESSAGE, "interaction_token", this::editMessage),
                Route.token(HandlerType.DELETE, MESSAGE, "interaction_token", this::deleteMessage));
    }

    private RestResponse callback(RestCall call) {
        JsonNode body = call.json();
        JsonNode type = body.path("type");
        if (!type.isInt()) {
            return DiscordError.invalidFormBody("type", "BASE_TYPE_REQUIRED", "This field is required");
        }
        ObjectNode data = body.path("data").isObject() ? (ObjectNode) body.get("data") : Json.object();
        if (type.intValue() == 4 && !hasContent(data)) {
            return DiscordError.EMPTY_MESSAGE.response();
        }
        String id = call.param("interaction_id");
        Optional<DiscordError> error = ledger.acceptCallback(id, call.param("interaction_token"), type.intValue(),
                call.receivedNanos(), this, data);
        if (error.isPresent()) {
            return error.get() == DiscordError.INVALID_FORM_BODY
                    ? DiscordError.invalidFormBody("type", "INTERACTION_RESPONSE_TYPE_INVALID",
                    "This response type is not valid for this interaction type")
                    : error.get().response();
        }
        if (!"true".equalsIgnoreCase(call.query().get("with_response"))) {
            return RestResponse.noContent();
        }
        Interaction interaction = ledger.find(id).orElseThrow();
        ObjectNode response = Json.object();
        ObjectNode summary = response.putObject("interaction").put("id", id).put("type", interaction.type);
        synchronized (interaction) {
            if (interaction.original != null) {
                int flags = interaction.original.path("flags").asInt();
                summary.put("response_message_id", interaction.original.path("id").asText())
                        .put("response_message_loading", interaction.originalLoading)
                        .put("response_message_ephemeral", (flags & EPHEMERAL) != 0);
                response.putObject("resource").put("type", type.intValue()).set("message", interaction.original);
            }
        }
        return RestResponse.ok(response);
    }

    private RestResponse followup(RestCall call) {
        Optional<Interaction> found = byToken(call);
        if (found.isEmpty()) {
            return tokenError(call);
        }
        Interaction interaction = found.get();
        ObjectNode data = call.json().isObject() ? (ObjectNode) call.json() : Json.object();
        if (!hasContent(data)) {
            return DiscordError.EMPTY_MESSAGE.response();
        }
        if (data.path("content").asText("").length() > MAX_CONTENT) {
            return DiscordError.invalidFormBody("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        }
        synchronized (interaction) {
            if (interaction.responseType == 0) {
                // The webhook behind the token exists only once the interaction was answered.
                return DiscordError.UNKNOWN_WEBHOOK.response();
            }
            if (interaction.originalLoading) {
                // Deprecated but still live: the first follow-up after a deferral edits the loading message.
                interaction.original = update(interaction.original, data);
                interaction.original.put("flags", interaction.original.path("flags").asInt() & ~LOADING);
                interaction.originalLoading = false;
                return RestResponse.ok(interaction.original);
            }
            ObjectNode message = create(interaction, data, false);
            interaction.followups.put(message.path("id").asText(), message);
            return RestResponse.ok(message);
        }
    }

    private RestResponse getMessage(RestCall call) {
        return withMessage(call, (interaction, message) -> RestResponse.ok(message));
    }

    private RestResponse editMessage(RestCall call) {
        ObjectNode data = call.json().isObject() ? (ObjectNode) call.json() : Json.object();
        return withMessage(call, (interaction, message) -> {
            ObjectNode edited = update(message, data);
            edited.put("edited_timestamp", Json.timestamp(clock.instant()));
            if (message == interaction.original) {
                edited.put("flags", edited.path("flags").asInt() & ~LOADING);
                interaction.original = edited;
                interaction.originalLoading = false;
            } else {
                interaction.followups.put(edited.path("id").asText(), edited);
            }
            return RestResponse.ok(edited);
        });
    }

    private RestResponse deleteMessage(RestCall call) {
        return withMessage(call, (interaction, message) -> {
            if (message == interaction.original) {
                interaction.original = null;
                interaction.originalLoading = false;
            } else {
                interaction.followups.remove(message.path("id").asText());
            }
            return RestResponse.noContent();
        });
    }

    private interface MessageAction {
        RestResponse apply(Interaction interaction, ObjectNode message);
    }

    private RestResponse withMessage(RestCall call, MessageAction action) {
        Optional<Interaction> found = byToken(call);
        if (found.isEmpty()) {
            return tokenError(call);
        }
        Interaction interaction = found.get();
        synchronized (interaction) {
            String messageId = call.param("message_id");
            ObjectNode message = "@original".equals(messageId) ? interaction.original
                    : interaction.original != null && messageId.equals(interaction.original.path("id").asText())
                    ? interaction.original : interaction.followups.get(messageId);
            if (message == null) {
                return DiscordError.UNKNOWN_MESSAGE.response();
            }
            return action.apply(interaction, message);
        }
    }

    private Optional<Interaction> byToken(RestCall call) {
        if (!world.application().id().equals(call.param("application_id"))) {
            return Optional.empty();
        }
        return ledger.byWebhookToken(call.param("interaction_token"));
    }

    private RestResponse tokenError(RestCall call) {
        return world.application().id().equals(call.param("application_id"))
                ? DiscordError.INVALID_WEBHOOK_TOKEN.response()
                : DiscordError.UNKNOWN_WEBHOOK.response();
    }

    private static boolean hasContent(ObjectNode data) {
        return !data.path("content").asText("").isEmpty() || nonEmpty(data, "embeds") || nonEmpty(data, "components")
                || nonEmpty(data, "attachments") || data.has("poll") || nonEmpty(data, "sticker_ids");
    }

    private static boolean nonEmpty(ObjectNode data, String field) {
        return data.path(field).isArray() && !data.path(field).isEmpty();
    }

    @Override
    public ObjectNode create(Interaction interaction, ObjectNode data, boolean loading) {
        ObjectNode message = Payloads.message(ids.next(), interaction.channelId, interaction.guildId, world.bot(),
                loading ? "" : data.path("content").asText(""), clock.instant());
        copyContentFields(data, message);
        int flags = data.path("flags").asInt(0) & (EPHEMERAL | (1 << 2) | (1 << 12) | (1 << 15));
        message.put("flags", loading ? flags | LOADING : flags)
                .put("type", interaction.type == 2 ? 20 : 0)
                .put("webhook_id", world.application().id())
                .put("application_id", world.application().id());
        ObjectNode metadata = message.putObject("interaction_metadata").put("id", interaction.id)
                .put("type", interaction.type);
        metadata.set("user", interaction.invoker);
        metadata.putObject("authorizing_integration_owners").put("0", interaction.guildId);
        return message;
    }

    @Override
    public ObjectNode update(ObjectNode existing, ObjectNode data) {
        ObjectNode message = existing == null ? Json.object() : existing.deepCopy();
        if (data.has("content")) {
            message.put("content", data.path("content").asText(""));
        }
        copyContentFields(data, message);
        return message;
    }

    private static void copyContentFields(ObjectNode data, ObjectNode message) {
        for (String field : List.of("embeds", "components", "attachments", "poll")) {
            if (data.has(field) && !data.get(field).isNull()) {
                message.set(field, data.get(field).deepCopy());
            }
        }
    }
}
