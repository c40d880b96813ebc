package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import community.arrakis.gatewayproxy.simulator.World;
import community.arrakis.gatewayproxy.simulator.gateway.Dispatch;
import community.arrakis.gatewayproxy.simulator.gateway.GatewayServer;
import community.arrakis.gatewayproxy.simulator.json.EventPayloads;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Guild reads and member role edits; a role change fires GUILD_MEMBER_UPDATE. */
public final class GuildRoutes implements RestApi.RouteGroup {
    static final String MEMBER_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private final World world;
    private final GatewayServer gateway;

    public GuildRoutes(World world, GatewayServer gateway) {
        this.world = world;
        this.gateway = gateway;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.bot(HandlerType.PUT, MEMBER_ROLE, "guild_id", call -> editRole(call, true)),
                Route.bot(HandlerType.DELETE, MEMBER_ROLE, "guild_id", call -> editRole(call, false)),
                Route.bot(HandlerType.GET, "/guilds/{guild_id}", "guild_id", this::guild),
                Route.bot(HandlerType.GET, "/guilds/{guild_id}/members/{user_id}", "guild_id", this::member));
    }

    private RestResponse editRole(RestCall call, boolean add) {
        Optional<Guild> guild = world.guild(call.param("guild_id"));
        if (guild.isEmpty()) {
            return DiscordError.UNKNOWN_GUILD.response();
        }
        String roleId = call.param("role_id");
        if (guild.get().role(roleId).isEmpty()) {
            return DiscordError.UNKNOWN_ROLE.response();
        }
        Optional<Member> member = guild.get().member(call.param("user_id"));
        if (member.isEmpty()) {
            return DiscordError.UNKNOWN_MEMBER.response();
        }
        List<String> roles = new ArrayList<>(member.get().roleIds());
        boolean changed = add ? !roles.contains(roleId) && roles.add(roleId) : roles.remove(roleId);
        if (changed) {
            Member updated = member.get().withRoleIds(roles);
            guild.get().putMember(updated);
            String userId = updated.user().id();
            gateway.dispatch(new Dispatch("GUILD_MEMBER_UPDATE", guild.get().id(), userId,
                    Json.write(EventPayloads.memberUpdate(guild.get(), updated)), null, 0, false,
                    userId.equals(world.bot().id())));
        }
        return RestResponse.noContent();
    }

    private RestResponse guild(RestCall call) {
        return world.guild(call.param("guild_id"))
                .map(g -> RestResponse.ok(Payloads.guildCreate(g, world.bot(), world.application().id(), false)))
                .orElseGet(DiscordError.UNKNOWN_GUILD::response);
    }

    private RestResponse member(RestCall call) {
        Optional<Guild> guild = world.guild(call.param("guild_id"));
        if (guild.isEmpty()) {
            return DiscordError.UNKNOWN_GUILD.response();
        }
        return guild.get().member(call.param("user_id")).map(m -> RestResponse.ok(Payloads.member(m, true)))
                .orElseGet(DiscordError.UNKNOWN_MEMBER::response);
    }
}
