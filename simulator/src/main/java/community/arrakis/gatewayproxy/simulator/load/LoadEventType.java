package community.arrakis.gatewayproxy.simulator.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of event the load driver emits, each with the name it has in a mix specification
 * ({@code ping=90,join=10}) and the way a bot answers it.
 */
public enum LoadEventType {
    /** {@code /ping} slash command, answered by its interaction callback. */
    PING("ping", true),
    /** A button click on a message of the bot, answered by its interaction callback. */
    BUTTON("button", true),
    /** Autocomplete of {@code /pick}, answered by a type 8 callback. */
    AUTOCOMPLETE("autocomplete", true),
    /** A new member joins; a bot with a join-role handler answers with the role PUT for that member. */
    JOIN("join", false),
    /** A member's roles change (to what they were); no bot is expected to answer it. */
    UPDATE("update", false);

    private final String key;
    private final boolean interaction;

    LoadEventType(String key, boolean interaction) {
        this.key = key;
        this.interaction = interaction;
    }

    public String key() {
        return key;
    }

    /** Interactions are always expected to be answered: Discord shows the user an error otherwise. */
    public boolean interaction() {
        return interaction;
    }

    public static LoadEventType fromKey(String key) {
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.key.equals(wanted)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown load event type '" + key + "'; accepted: " + keys()));
    }

    static String keys() {
        return Arrays.stream(values()).map(LoadEventType::key).collect(Collectors.joining(", "));
    }
}
