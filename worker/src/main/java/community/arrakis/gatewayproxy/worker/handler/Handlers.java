package community.arrakis.gatewayproxy.worker.handler;

import community.arrakis.gatewayproxy.envelope.routing.RoutingKeys;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The bot's handlers, registered fluently and looked up by the dispatcher:
 *
 * <pre>{@code
 * Handlers handlers = Handlers.create()
 *         .command("ping", ctx -> ctx.reply("pong"))
 *         .button("vote:", ctx -> ctx.replyEphemeral("counted " + ctx.customId()))
 *         .memberJoin(ctx -> ctx.rest().addGuildMemberRole(ctx.guildId(), ctx.userId(), ROLE, "welcome"));
 * }</pre>
 *
 * Components and modals match by custom-id prefix, longest prefix first, so {@code "vote:"} takes
 * {@code "vote:yes"} and {@code "vote:no"} and a more specific {@code "vote:admin:"} wins over it.
 * Registering the same name, prefix or event twice fails at once: two handlers for one event would
 * both run again on every retry, so compose them inside one handler instead.
 */
public final class Handlers {

    /** The guild event types a handler can be registered for (their routing keys travel behind a guild partition's word: {@code p03.member.join}). */
    public static final Set<String> GUILD_EVENT_TYPES = RoutingKeys.GUILD_EVENTS;

    private final Map<String, InteractionHandler> commands = new ConcurrentHashMap<>();
    private final Map<String, InteractionHandler> autocompletes = new ConcurrentHashMap<>();
    private final List<Prefixed> buttons = new CopyOnWriteArrayList<>();
    private final List<Prefixed> selects = new CopyOnWriteArrayList<>();
    private final List<Prefixed> modals = new CopyOnWriteArrayList<>();
    private final Map<String, GuildEventHandler> guildEvents = new ConcurrentHashMap<>();

    private record Prefixed(String prefix, InteractionHandler handler) {
    }

    private Handlers() {
    }

    public static Handlers create() {
        return new Handlers();
    }

    /** A slash, user or message command by its name ({@code "ping"}, no slash). */
    public Handlers command(String name, InteractionHandler handler) {
        putOnce(commands, requireText(name, "command name"), handler, "command '" + name + "'");
        return this;
    }

    /** Autocomplete for a command's options; answer with {@link InteractionContext#suggest}. */
    public Handlers autocomplete(String command, InteractionHandler handler) {
        putOnce(autocompletes, requireText(command, "command name"), handler, "autocomplete for '" + command + "'");
        return this;
    }

    public Handlers button(String customIdPrefix, InteractionHandler handler) {
        addPrefixed(buttons, customIdPrefix, handler, "button");
        return this;
    }

    /** Any select menu (string, user, role, mentionable, channel). */
    public Handlers select(String customIdPrefix, InteractionHandler handler) {
        addPrefixed(selects, customIdPrefix, handler, "select");
        return this;
    }

    public Handlers modal(String customIdPrefix, InteractionHandler handler) {
        addPrefixed(modals, customIdPrefix, handler, "modal");
        return this;
    }

    public Handlers memberJoin(GuildEventHandler handler) {
        return on(RoutingKeys.MEMBER_JOIN, handler);
    }

    public Handlers memberLeave(GuildEventHandler handler) {
        return on(RoutingKeys.MEMBER_LEAVE, handler);
    }

    public Handlers memberUpdate(GuildEventHandler handler) {
        return on(RoutingKeys.MEMBER_UPDATE, handler);
    }

    /** The bot was added to a guild (not a guild coming back online at connect time). */
    public Handlers guildJoin(GuildEventHandler handler) {
        return on(RoutingKeys.GUILD_JOIN, handler);
    }

    public Handlers guildLeave(GuildEventHandler handler) {
        return on(RoutingKeys.GUILD_LEAVE, handler);
    }

    /** Needs message events enabled on the ingestor (and the MESSAGE_CONTENT intent for content). */
    public Handlers message(GuildEventHandler handler) {
        return on(RoutingKeys.MESSAGE_CREATE, handler);
    }

    /** Any guild event type of {@link #GUILD_EVENT_TYPES}. */
    public Handlers on(String eventType, GuildEventHandler handler) {
        if (!GUILD_EVENT_TYPES.contains(eventType)) {
            throw new IllegalArgumentException("unknown guild event type '" + eventType + "', expected one of " + GUILD_EVENT_TYPES);
        }
        putOnce(guildEvents, eventType, handler, "event '" + eventType + "'");
        return this;
    }

    /**
     * The handler for an interaction, by event type ({@code interaction.command.ping},
     * {@code interaction.button}, ...), command name and custom id.
     */
    public Optional<InteractionHandler> forInteraction(String eventType, String commandName, String customId) {
        if (RoutingKeys.isCommand(eventType)) {
            return Optional.ofNullable(commandName == null ? null : commands.get(commandName));
        }
        return switch (eventType) {
            case RoutingKeys.AUTOCOMPLETE -> Optional.ofNullable(commandName == null ? null : autocompletes.get(commandName));
            case RoutingKeys.BUTTON -> byPrefix(buttons, customId);
            case RoutingKeys.SELECT -> byPrefix(selects, customId);
            case RoutingKeys.MODAL -> byPrefix(modals, customId);
            default -> Optional.empty();
        };
    }

    public Optional<GuildEventHandler> forGuildEvent(String eventType) {
        return Optional.ofNullable(guildEvents.get(eventType));
    }

    private static Optional<InteractionHandler> byPrefix(List<Prefixed> handlers, String customId) {
        if (customId == null) {
            return Optional.empty();
        }
        for (Prefixed p : handlers) {
            if (customId.startsWith(p.prefix())) {
                return Optional.of(p.handler());
            }
        }
        return Optional.empty();
    }

    private static synchronized void addPrefixed(List<Prefixed> list, String prefix, InteractionHandler handler, String kind) {
        Objects.requireNonNull(prefix, kind + " custom id prefix");
        Objects.requireNonNull(handler, kind + " handler");
        if (list.stream().anyMatch(p -> p.prefix().equals(prefix))) {
            throw new IllegalStateException(kind + " prefix '" + prefix + "' is registered twice");
        }
        list.add(new Prefixed(prefix, handler));
        // Longest prefix first, so the most specific registration wins.
        list.sort(Comparator.comparingInt((Prefixed p) -> p.prefix().length()).reversed());
    }

    private static <H> void putOnce(Map<String, H> map, String key, H handler, String what) {
        Objects.requireNonNull(handler, what + " handler");
        if (map.putIfAbsent(key, handler) != null) {
            throw new IllegalStateException(what + " is registered twice");
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }
}
