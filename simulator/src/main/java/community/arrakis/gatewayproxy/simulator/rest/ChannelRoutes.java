package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.Channel;
import community.arrakis.gatewayproxy.simulator.DmChannel;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorClock;
import community.arrakis.gatewayproxy.simulator.Snowflake;
import community.arrakis.gatewayproxy.simulator.User;
import community.arrakis.gatewayproxy.simulator.World;
import community.arrakis.gatewayproxy.simulator.gateway.Dispatch;
import community.arrakis.gatewayproxy.simulator.gateway.GatewayServer;
import community.arrakis.gatewayproxy.simulator.json.EventPayloads;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;

/** DM channels and sending messages; a sent message fires MESSAGE_CREATE like any other. */
public final class ChannelRoutes implements RestApi.RouteGroup {
    private static final int MAX_CONTENT = 2000;

    private final World world;
    private final GatewayServer gateway;
    private final Snowflake ids;
    private final SimulatorClock clock;

    public ChannelRoutes(World world, GatewayServer gateway, Snowflake ids, SimulatorClock clock) {
        this.world = world;
        this.gateway = gateway;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.bot(HandlerType.POST, "/users/@me/channels", null, this::createDm),
                Route.bot(HandlerType.GET, "/channels/{channel_id}", "channel_id", this::channel),
                Route.bot(HandlerType.POST, "/channels/{channel_id}/messages", "channel_id", this::createMessage));
    }

    private RestResponse createDm(RestCall call) {
        JsonNode recipient = call.json().path("recipient_id");
        if (!recipient.isTextual()) {
            return DiscordError.invalidFormBody("recipient_id", "BASE_TYPE_REQUIRED", "This field is required");
        }
        Optional<User> user = world.user(recipient.textValue());
        if (user.isEmpty() || user.get().bot()) {
            return DiscordError.INVALID_RECIPIENT.response();
        }
        return RestResponse.ok(Payloads.dmChannel(world.dmChannelWith(user.get())));
    }

    private RestResponse channel(RestCall call) {
        String channelId = call.param("channel_id");
        Optional<Channel> channel = world.guildChannel(channelId);
        if (channel.isPresent()) {
            return RestResponse.ok(Payloads.channel(channel.get()));
        }
        return world.dmChannel(channelId).map(c -> RestResponse.ok(Payloads.dmChannel(c)))
                .orElseGet(DiscordError.UNKNOWN_CHANNEL::response);
    }

    private RestResponse createMessage(RestCall call) {
        String channelId = call.param("channel_id");
        Optional<Channel> guildChannel = world.guildChannel(channelId);
        Optional<DmChannel> dmChannel = guildChannel.isPresent() ? Optional.empty() : world.dmChannel(channelId);
        if (guildChannel.isEmpty() && dmChannel.isEmpty()) {
            return DiscordError.UNKNOWN_CHANNEL.response();
        }
        JsonNode body = call.json();
        String content = body.path("content").asText("");
        boolean hasEmbeds = body.path("embeds").isArray() && !body.path("embeds").isEmpty();
        boolean hasComponents = body.path("components").isArray() && !body.path("components").isEmpty();
        if (content.isEmpty() && !hasEmbeds && !hasComponents && !body.has("sticker_ids") && !body.has("poll")) {
            return DiscordError.EMPTY_MESSAGE.response();
        }
        if (content.length() > MAX_CONTENT) {
            return DiscordError.invalidFormBody("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        }
        String guildId = guildChannel.map(Channel::guildId).orElse(null);
        ObjectNode message = Payloads.message(ids.next(), channelId, guildId, world.bot(), content, clock.instant());
        for (String field : List.of("embeds", "components")) {
            if (body.path(field).isArray()) {
                message.set(field, body.get(field).deepCopy());
            }
        }
        if (body.has("nonce")) {
            message.set("nonce", body.get("nonce").deepCopy());
        }
        Guild guild = guildId == null ? null : world.guild(guildId).orElse(null);
        ObjectNode event = EventPayloads.messageCreate(message, guild,
                guild == null ? null : guild.member(world.bot().id()).orElse(null),
                guildChannel.map(Channel::type).orElse(DmChannel.TYPE));
        // The bot's own messages keep their content even without MESSAGE_CONTENT.
        gateway.dispatch(new Dispatch("MESSAGE_CREATE", guildId, message.path("id").asText(), Json.write(event), null,
                0, guildId == null, false));
        return RestResponse.ok(message);
    }
}
