package community.arrakis.gatewayproxy.envelope.routing;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Maps a Discord dispatch to its route ({@link RoutingKeys} names the keys). The table
 * (docs/architecture.md repeats it):
 *
 * <pre>
 * INTERACTION_CREATE type 2 (command)       interaction.command.&lt;name&gt;  10
 * INTERACTION_CREATE type 3, button         interaction.button            8
 * INTERACTION_CREATE type 3, any select     interaction.select            8
 * INTERACTION_CREATE type 5 (modal submit)  interaction.modal             8
 * INTERACTION_CREATE type 4 (autocomplete)  interaction.autocomplete      6
 * INTERACTION_CREATE other types            interaction.other             5
 * GUILD_MEMBER_ADD                          member.join                   5
 * GUILD_MEMBER_REMOVE                       member.leave                  5
 * GUILD_MEMBER_UPDATE                       member.update                 5
 * GUILD_CREATE, guild new to the session    guild.join                    4
 * GUILD_CREATE, guild listed in READY       guild.available               4
 * GUILD_DELETE without unavailable          guild.leave                   4
 * GUILD_DELETE with unavailable:true        guild.unavailable             4
 * MESSAGE_CREATE (only when enabled)        message.create                1
 * anything else                             not forwarded
 * </pre>
 *
 * A GUILD_CREATE for a guild that READY announced as unavailable is the guild coming online at
 * connect time, not the bot joining it; telling the two apart keeps "welcome" handlers from firing
 * on every restart.
 */
public final class RoutingTable {

    /** The dispatch types the table can route; the ingestor forwards only these. */
    public static final Set<String> ROUTED_DISPATCHES = Set.of(
            "INTERACTION_CREATE", "GUILD_MEMBER_ADD", "GUILD_MEMBER_REMOVE", "GUILD_MEMBER_UPDATE",
            "GUILD_CREATE", "GUILD_DELETE", "MESSAGE_CREATE");

    private final boolean messageEvents;

    /**
     * @param messageEvents whether MESSAGE_CREATE is forwarded (off by default: it is the bulk of
     *                      a large bot's traffic and needs a privileged intent to be useful)
     */
    public RoutingTable(boolean messageEvents) {
        this.messageEvents = messageEvents;
    }

    /**
     * @param dispatchType Discord's {@code t}
     * @param field        reads a field of the dispatch's {@code d} by dotted path
     *                     ({@code data.name}); null when absent
     * @param guildKnownAtReady whether the session's READY listed this GUILD_CREATE's guild
     */
    public Optional<Route> route(String dispatchType, Function<String, String> field, boolean guildKnownAtReady) {
        return switch (dispatchType) {
            case "INTERACTION_CREATE" -> Optional.of(interaction(field));
            case "GUILD_MEMBER_ADD" -> Optional.of(new Route(RoutingKeys.MEMBER_JOIN, 5));
            case "GUILD_MEMBER_REMOVE" -> Optional.of(new Route(RoutingKeys.MEMBER_LEAVE, 5));
            case "GUILD_MEMBER_UPDATE" -> Optional.of(new Route(RoutingKeys.MEMBER_UPDATE, 5));
            case "GUILD_CREATE" -> Optional.of(new Route(guildKnownAtReady ? RoutingKeys.GUILD_AVAILABLE : RoutingKeys.GUILD_JOIN, 4));
            case "GUILD_DELETE" -> Optional.of(new Route(
                    "true".equals(field.apply("unavailable")) ? RoutingKeys.GUILD_UNAVAILABLE : RoutingKeys.GUILD_LEAVE, 4));
            case "MESSAGE_CREATE" -> messageEvents ? Optional.of(new Route(RoutingKeys.MESSAGE_CREATE, 1)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Route interaction(Function<String, String> field) {
        String type = field.apply("type");
        return switch (type == null ? "" : type) {
            case "2" -> new Route(RoutingKeys.command(routingWord(field.apply("data.name"))), 10);
            case "3" -> "2".equals(field.apply("data.component_type"))
                    ? new Route(RoutingKeys.BUTTON, 8)
                    : new Route(RoutingKeys.SELECT, 8);
            case "5" -> new Route(RoutingKeys.MODAL, 8);
            case "4" -> new Route(RoutingKeys.AUTOCOMPLETE, 6);
            default -> new Route(RoutingKeys.OTHER_INTERACTION, 5);
        };
    }

    /**
     * Command names may hold characters that mean something in a topic routing key; those become
     * {@code _} so that {@code interaction.command.#} bindings still match.
     */
    static String routingWord(String name) {
        if (name == null || name.isBlank()) {
            return "unknown";
        }
        StringBuilder word = new StringBuilder(name.length());
        name.toLowerCase(Locale.ROOT).codePoints().forEach(c ->
                word.appendCodePoint(c == '.' || c == '*' || c == '#' || Character.isWhitespace(c) ? '_' : c));
        return word.toString();
    }
}
