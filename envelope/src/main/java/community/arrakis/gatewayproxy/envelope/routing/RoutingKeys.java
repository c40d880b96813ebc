package community.arrakis.gatewayproxy.envelope.routing;

import java.util.Set;

/**
 * The routing keys {@link RoutingTable} gives events, which are also the envelope's {@code eventType}
 * and what handlers are registered for. Named once here so that the ingestor, the worker and the
 * table cannot drift apart.
 */
public final class RoutingKeys {

    /** Followed by the command's name as a routing word: {@code interaction.command.ping}. */
    public static final String COMMAND_PREFIX = "interaction.command.";
    public static final String BUTTON = "interaction.button";
    /** Any select menu (string, user, role, mentionable, channel). */
    public static final String SELECT = "interaction.select";
    public static final String MODAL = "interaction.modal";
    public static final String AUTOCOMPLETE = "interaction.autocomplete";
    /** An interaction type the table does not name (a PING, a type Discord adds later). */
    public static final String OTHER_INTERACTION = "interaction.other";

    public static final String MEMBER_JOIN = "member.join";
    public static final String MEMBER_LEAVE = "member.leave";
    public static final String MEMBER_UPDATE = "member.update";
    /** The bot was added to a guild. */
    public static final String GUILD_JOIN = "guild.join";
    /** A guild READY listed came online at connect time (not a join). */
    public static final String GUILD_AVAILABLE = "guild.available";
    public static final String GUILD_LEAVE = "guild.leave";
    public static final String GUILD_UNAVAILABLE = "guild.unavailable";
    public static final String MESSAGE_CREATE = "message.create";

    /** Every key that goes to the guild queue. */
    public static final Set<String> GUILD_EVENTS = Set.of(MEMBER_JOIN, MEMBER_LEAVE, MEMBER_UPDATE, GUILD_JOIN,
            GUILD_AVAILABLE, GUILD_LEAVE, GUILD_UNAVAILABLE, MESSAGE_CREATE);

    private RoutingKeys() {
    }

    /** The key of a command interaction; {@code routingWord} is already safe in a topic key. */
    static String command(String routingWord) {
        return COMMAND_PREFIX + routingWord;
    }

    public static boolean isCommand(String routingKey) {
        return routingKey.startsWith(COMMAND_PREFIX);
    }
}
