package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.World;
import community.arrakis.gatewayproxy.simulator.gateway.IdentifyGate;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.function.Supplier;

/** Where the gateway is, who the bot is, and its application. */
public final class MetaRoutes implements RestApi.RouteGroup {
    private final SimulatorConfig config;
    private final World world;
    private final IdentifyGate identifyGate;
    private final Supplier<String> gatewayUrl;

    public MetaRoutes(SimulatorConfig config, World world, IdentifyGate identifyGate, Supplier<String> gatewayUrl) {
        this.config = config;
        this.world = world;
        this.identifyGate = identifyGate;
        this.gatewayUrl = gatewayUrl;
    }

    @Override
    public List<Route> routes() {
        return List.of(
                Route.open(HandlerType.GET, "/gateway", call -> RestResponse.ok(Json.object().put("url", gatewayUrl.get()))),
                Route.bot(HandlerType.GET, "/gateway/bot", null, call -> gatewayBot()),
                Route.bot(HandlerType.GET, "/users/@me", null, call -> RestResponse.ok(Payloads.user(world.bot()))),
                Route.bot(HandlerType.GET, "/applications/@me", null, call -> RestResponse.ok(application())),
                Route.bot(HandlerType.GET, "/oauth2/applications/@me", null, call -> RestResponse.ok(application())));
    }

    private RestResponse gatewayBot() {
        IdentifyGate.SessionStartLimit limit = identifyGate.sessionStartLimit();
        ObjectNode body = Json.object().put("url", gatewayUrl.get()).put("shards", config.recommendedShards());
        body.putObject("session_start_limit").put("total", limit.total()).put("remaining", limit.remaining())
                .put("reset_after", limit.resetAfterMillis()).put("max_concurrency", limit.maxConcurrency());
        return RestResponse.ok(body);
    }

    private ObjectNode application() {
        ObjectNode app = Json.object().put("id", world.application().id()).put("name", world.application().name())
                .putNull("icon").put("description", "").put("bot_public", true).put("bot_require_code_grant", false)
                .put("verify_key", "0".repeat(64)).put("flags", world.application().flags())
                .put("summary", "").put("hook", true).put("integration_public", true)
                .put("integration_require_code_grant", false);
        app.set("bot", Payloads.user(world.bot()));
        app.set("owner", Payloads.user(world.bot()));
        app.putArray("rpc_origins");
        app.putNull("team");
        return app;
    }
}
