package community.arrakis.gatewayproxy.simulator;

import community.arrakis.gatewayproxy.simulator.control.ControlApi;
import community.arrakis.gatewayproxy.simulator.gateway.Dispatch;
import community.arrakis.gatewayproxy.simulator.gateway.GatewayServer;
import community.arrakis.gatewayproxy.simulator.gateway.Intents;
import community.arrakis.gatewayproxy.simulator.json.EventPayloads;
import community.arrakis.gatewayproxy.simulator.json.InteractionPayloads;
import community.arrakis.gatewayproxy.simulator.json.Json;
import community.arrakis.gatewayproxy.simulator.json.Payloads;
import community.arrakis.gatewayproxy.simulator.rest.ChannelRoutes;
import community.arrakis.gatewayproxy.simulator.rest.GuildRoutes;
import community.arrakis.gatewayproxy.simulator.rest.InteractionLedger;
import community.arrakis.gatewayproxy.simulator.rest.InteractionRoutes;
import community.arrakis.gatewayproxy.simulator.rest.MetaRoutes;
import community.arrakis.gatewayproxy.simulator.rest.RestApi;
import community.arrakis.gatewayproxy.simulator.rest.RouteFaults;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Discord: the REST API under {@code /api/v10}, the gateway at {@code /gateway}, a world of
 * guilds, recording of everything that crossed the wire, event emitters and fault injection.
 */
public final class DiscordSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiscordSimulator.class);
    private static final int ACCEPT_QUEUE_SIZE = 1024;

    private final SimulatorConfig config;
    private final SimulatorClock clock;
    private final Snowflake ids;
    private final World world;
    private final RequestLog requestLog = new RequestLog();
    private final DispatchLog dispatchLog = new DispatchLog();
    private final GatewayServer gateway;
    private final InteractionLedger ledger;
    private final Faults faults;
    private final RestApi rest;
    private final Javalin app;
    private final SecureRandom random = new SecureRandom();
    private volatile int port;

    private DiscordSimulator(SimulatorConfig config) {
        this.config = config;
        this.clock = new SimulatorClock(config.clock());
        this.ids = new Snowflake(clock);
        this.world = World.generate(config.world(), config.applicationId(), ids);
        this.gateway = new GatewayServer(config, world, clock, dispatchLog);
        this.ledger = new InteractionLedger(clock, config.interactionResponseWindow(), config.interactionTokenLifetime());
        RouteFaults routeFaults = new RouteFaults();
        this.faults = new Faults(gateway, routeFaults);
        this.rest = new RestApi(config, clock, requestLog, routeFaults, List.of(
                new MetaRoutes(config, world, gateway.identifyGate(), () -> gatewayUrl().toString()),
                new InteractionRoutes(world, ledger, ids, clock),
                new GuildRoutes(world, gateway),
                new ChannelRoutes(world, gateway, ids, clock)));
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.useVirtualThreads = true;
            // Javalin's own connector, with a deeper accept queue: the JDK's default of 50 drops the
            // connects of a burst (an HTTP/1.1 client sending a hundred held requests at once), and a
            // dropped SYN costs the client a 1 s retransmit, which Discord's edge would never cost it.
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                return connector;
            });
        });
        gateway.mount(app);
        rest.mount(app);
        new ControlApi(this).mount(app);
    }

    public static DiscordSimulator start(SimulatorConfig config) {
        DiscordSimulator simulator = new DiscordSimulator(config);
        simulator.app.start(config.host(), config.port());
        simulator.port = simulator.app.port();
        simulator.gateway.resumeGatewayUrl("ws://" + config.host() + ":" + simulator.port + GatewayServer.RESUME_PATH);
        LOG.info("Discord simulator ready: API {} gateway {}", simulator.apiBaseUrl(), simulator.gatewayUrl());
        return simulator;
    }

    public int port() {
        return port;
    }

    public URI apiBaseUrl() {
        return URI.create("http://" + config.host() + ":" + port + RestApi.BASE_PATH);
    }

    public URI gatewayUrl() {
        return URI.create("ws://" + config.host() + ":" + port + GatewayServer.PATH);
    }

    public URI resumeGatewayUrl() {
        return URI.create("ws://" + config.host() + ":" + port + GatewayServer.RESUME_PATH);
    }

    public SimulatorConfig config() {
        return config;
    }

    public World world() {
        return world;
    }

    public SimulatorClock clock() {
        return clock;
    }

    public RequestLog requests() {
        return requestLog;
    }

    public DispatchLog dispatches() {
        return dispatchLog;
    }

    public Faults faults() {
        return faults;
    }

    /**
     * How many answers counted toward Discord's invalid-request limit since the start: 401, 403 and
     * 429 except {@code X-RateLimit-Scope: shared} (injected faults included). Discord bans an IP at
     * 10,000 within 10 minutes ({@code RateLimitConfig.invalidRequestLimit}).
     */
    public long invalidRequestsCounted() {
        return rest.invalidRequestsCounted();
    }

    /** Sessions alive now (connected or resumable). */
    public List<GatewayServer.SessionView> sessions() {
        return gateway.sessions();
    }

    /** The interaction ledger: the load driver listens to callbacks through it. */
    public InteractionLedger interactions() {
        return ledger;
    }

    // ---- interactions ----

    public EmittedInteraction emitSlashCommand(String guildId, String userId, String commandName,
                                               CommandOption... options) {
        Guild guild = world.requireGuild(guildId);
        ObjectNode data = InteractionPayloads.commandData(commandId(commandName), commandName, guild, world,
                List.of(options));
        return emitInteraction(guild, userId, EmittedInteraction.APPLICATION_COMMAND, data, null);
    }

    /** An autocomplete request; mark the option being typed with {@link CommandOption#focused}. */
    public EmittedInteraction emitAutocomplete(String guildId, String userId, String commandName,
                                               CommandOption... options) {
        Guild guild = world.requireGuild(guildId);
        ObjectNode data = InteractionPayloads.commandData(commandId(commandName), commandName, guild, world,
                List.of(options));
        return emitInteraction(guild, userId, EmittedInteraction.APPLICATION_COMMAND_AUTOCOMPLETE, data, null);
    }

    public EmittedInteraction emitButtonClick(String guildId, String userId, String customId) {
        Guild guild = world.requireGuild(guildId);
        ObjectNode message = InteractionPayloads.componentMessage(ids.next(), guild.defaultTextChannel(), world,
                InteractionPayloads.button(customId), clock.instant());
        return emitInteraction(guild, userId, EmittedInteraction.MESSAGE_COMPONENT,
                InteractionPayloads.componentData(customId, 2, List.of()), message);
    }

    public EmittedInteraction emitSelect(String guildId, String userId, String customId, List<String> values) {
        Guild guild = world.requireGuild(guildId);
        ObjectNode message = InteractionPayloads.componentMessage(ids.next(), guild.defaultTextChannel(), world,
                InteractionPayloads.stringSelect(customId, values), clock.instant());
        return emitInteraction(guild, userId, EmittedInteraction.MESSAGE_COMPONENT,
                InteractionPayloads.componentData(customId, 3, values), message);
    }

    /** A submitted modal; {@code fields} maps each text input's custom id to the value typed. */
    public EmittedInteraction emitModalSubmit(String guildId, String userId, String customId,
                                              Map<String, String> fields) {
        Guild guild = world.requireGuild(guildId);
        return emitInteraction(guild, userId, EmittedInteraction.MODAL_SUBMIT,
                InteractionPayloads.modalData(customId, fields), null);
    }

    private EmittedInteraction emitInteraction(Guild guild, String userId, int type, ObjectNode data,
                                               ObjectNode sourceMessage) {
        Member member = guild.member(userId).orElseThrow(
                () -> new IllegalArgumentException("user " + userId + " is not a member of guild " + guild.id()));
        Channel channel = guild.defaultTextChannel();
        String id = ids.next();
        String token = interactionToken(id);
        ObjectNode payload = InteractionPayloads.interaction(id, token, type, world, guild, channel, member);
        payload.set("data", data);
        if (sourceMessage != null) {
            payload.set("message", sourceMessage);
        }
        ledger.register(id, token, type, guild.id(), channel.id(), Payloads.user(member.user()), sourceMessage);
        List<Delivery> deliveries = gateway.dispatch(Dispatch.of("INTERACTION_CREATE", guild.id(), id,
                Json.write(payload)));
        return new EmittedInteraction(id, token, type, guild.id(), channel.id(), userId, Snowflake.timestamp(id),
                deliveries);
    }

    private String commandId(String commandName) {
        return world.application().command(commandName).map(Command::id)
                .orElseGet(() -> Long.toUnsignedString(Snowflake.at(World.WORLD_EPOCH_MILLIS + 3_100_000L
                        + (commandName.hashCode() & 0xFFFF), 0)));
    }

    /** Looks like Discord's: base64 of "interaction:&lt;id&gt;:" and random bytes, URL-safe. */
    private String interactionToken(String id) {
        byte[] secret = new byte[48];
        random.nextBytes(secret);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(("interaction:" + id + ":").getBytes(StandardCharsets.UTF_8))
                + encoder.encodeToString(secret);
    }

    // ---- guild and member events ----

    /**
     * Sends a dispatch whose {@code d} is given ready-made, and changes nothing in the world: for
     * load generators that render their payloads once (say, with {@code EventPayloads}) so that
     * building JSON does not compete for the CPU with the bot being measured. Intents, sharding by
     * {@code guildId}, sequencing, resume replay and compression apply as to any other dispatch.
     */
    public EmittedEvent emitDispatch(String type, String guildId, String entityId, String data) {
        return emit(Dispatch.of(type, guildId, entityId, data));
    }

    public EmittedEvent emitMemberAdd(String guildId, String userId) {
        Guild guild = world.requireGuild(guildId);
        User user = world.userOrCreate(userId);
        Member member = new Member(user, List.of(), null, clock.instant());
        guild.putMember(member);
        return emit(new Dispatch("GUILD_MEMBER_ADD", guildId, userId, Json.write(EventPayloads.memberAdd(guild, member)),
                null, 0, false, false));
    }

    public EmittedEvent emitMemberRemove(String guildId, String userId) {
        Guild guild = world.requireGuild(guildId);
        Member removed = guild.removeMember(userId).orElseThrow(
                () -> new IllegalArgumentException("user " + userId + " is not a member of guild " + guildId));
        return emit(new Dispatch("GUILD_MEMBER_REMOVE", guildId, userId,
                Json.write(EventPayloads.memberRemove(guild, removed.user())), null, 0, false, false));
    }

    /** Replaces the member's roles and announces it. */
    public EmittedEvent emitMemberUpdate(String guildId, String userId, List<String> roleIds) {
        Guild guild = world.requireGuild(guildId);
        Member member = guild.member(userId).orElseThrow(
                () -> new IllegalArgumentException("user " + userId + " is not a member of guild " + guildId));
        Member updated = member.withRoleIds(roleIds);
        guild.putMember(updated);
        return emit(new Dispatch("GUILD_MEMBER_UPDATE", guildId, userId,
                Json.write(EventPayloads.memberUpdate(guild, updated)), null, 0, false, userId.equals(world.bot().id())));
    }

    /** The bot joins a new guild (named {@code name}) with the world's first users as members. */
    public EmittedEvent emitGuildCreate(String name) {
        List<User> people = world.users().stream().filter(u -> !u.bot()).sorted(
                (a, b) -> Long.compareUnsigned(Long.parseUnsignedLong(a.id()), Long.parseUnsignedLong(b.id())))
                .limit(config.world().membersPerGuild()).toList();
        Guild guild = world.createGuild(name, people);
        return emitGuildCreate(guild);
    }

    /** Sends GUILD_CREATE for a guild of the world again, as after an outage ends. */
    public EmittedEvent emitGuildAvailable(String guildId) {
        return emitGuildCreate(world.requireGuild(guildId));
    }

    private EmittedEvent emitGuildCreate(Guild guild) {
        // GUILD_CREATE carries all members only with GUILD_PRESENCES; one payload per variant.
        String all = Json.write(Payloads.guildCreate(guild, world.bot(), world.application().id(), true));
        String botOnly = Json.write(Payloads.guildCreate(guild, world.bot(), world.application().id(), false));
        return emit(new Dispatch("GUILD_CREATE", guild.id(), guild.id(), all, botOnly, Intents.GUILD_PRESENCES, false,
                false));
    }

    /** With {@code unavailable} the guild is in an outage; without, the bot left it and it leaves the world. */
    public EmittedEvent emitGuildDelete(String guildId, boolean unavailable) {
        world.requireGuild(guildId);
        if (!unavailable) {
            world.removeGuild(guildId);
        }
        return emit(Dispatch.of("GUILD_DELETE", guildId, guildId, Json.write(EventPayloads.guildDelete(guildId,
                unavailable))));
    }

    // ---- messages ----

    public EmittedEvent emitMessageCreate(String guildId, String channelId, String userId, String content) {
        Guild guild = world.requireGuild(guildId);
        Channel channel = guild.channel(channelId == null ? guild.defaultTextChannel().id() : channelId).orElseThrow(
                () -> new IllegalArgumentException("channel " + channelId + " is not in guild " + guildId));
        Member author = guild.member(userId).orElseThrow(
                () -> new IllegalArgumentException("user " + userId + " is not a member of guild " + guildId));
        ObjectNode message = Payloads.message(ids.next(), channel.id(), guildId, author.user(), content, clock.instant());
        ObjectNode event = EventPayloads.messageCreate(message, guild, author, channel.type());
        return emit(new Dispatch("MESSAGE_CREATE", guildId, message.path("id").asText(), Json.write(event),
                Json.write(EventPayloads.withoutContent(event)), Intents.MESSAGE_CONTENT, false, false));
    }

    /** A user writes to the bot in DMs; DMs always carry content and go to shard 0. */
    public EmittedEvent emitDirectMessage(String userId, String content) {
        User user = world.user(userId).orElseThrow(() -> new IllegalArgumentException("unknown user " + userId));
        DmChannel channel = world.dmChannelWith(user);
        ObjectNode message = Payloads.message(ids.next(), channel.id(), null, user, content, clock.instant());
        ObjectNode event = EventPayloads.messageCreate(message, null, null, DmChannel.TYPE);
        return emit(new Dispatch("MESSAGE_CREATE", null, message.path("id").asText(), Json.write(event), null, 0, true,
                false));
    }

    private EmittedEvent emit(Dispatch dispatch) {
        return new EmittedEvent(dispatch.type(), dispatch.guildId(), dispatch.entityId(), gateway.dispatch(dispatch));
    }

    @Override
    public void close() {
        gateway.close();
        app.stop();
        LOG.info("Discord simulator on port {} stopped", port);
    }
}
