package community.arrakis.gatewayproxy.simulator;

import java.util.List;

/**
 * One entry of an application command's {@code data.options}. Either a value (with {@code focused}
 * set on the option being typed during autocomplete) or nested options for a subcommand or group.
 * USER, CHANNEL, ROLE and MENTIONABLE values are ids that the simulator resolves into
 * {@code data.resolved}.
 */
public record CommandOption(String name, int type, Object value, List<CommandOption> options, boolean focused) {
    public static final int SUB_COMMAND = 1;
    public static final int SUB_COMMAND_GROUP = 2;
    public static final int STRING = 3;
    public static final int INTEGER = 4;
    public static final int BOOLEAN = 5;
    public static final int USER = 6;
    public static final int CHANNEL = 7;
    public static final int ROLE = 8;
    public static final int MENTIONABLE = 9;
    public static final int NUMBER = 10;

    public CommandOption {
        options = options == null ? List.of() : List.copyOf(options);
        if (value != null && !options.isEmpty()) {
            throw new IllegalArgumentException("option " + name + " has both a value and nested options");
        }
    }

    public static CommandOption string(String name, String value) {
        return new CommandOption(name, STRING, value, List.of(), false);
    }

    public static CommandOption integer(String name, long value) {
        return new CommandOption(name, INTEGER, value, List.of(), false);
    }

    public static CommandOption number(String name, double value) {
        return new CommandOption(name, NUMBER, value, List.of(), false);
    }

    public static CommandOption bool(String name, boolean value) {
        return new CommandOption(name, BOOLEAN, value, List.of(), false);
    }

    public static CommandOption user(String name, String userId) {
        return new CommandOption(name, USER, userId, List.of(), false);
    }

    public static CommandOption channel(String name, String channelId) {
        return new CommandOption(name, CHANNEL, channelId, List.of(), false);
    }

    public static CommandOption role(String name, String roleId) {
        return new CommandOption(name, ROLE, roleId, List.of(), false);
    }

    public static CommandOption subcommand(String name, CommandOption... options) {
        return new CommandOption(name, SUB_COMMAND, null, List.of(options), false);
    }

    public static CommandOption group(String name, CommandOption... subcommands) {
        return new CommandOption(name, SUB_COMMAND_GROUP, null, List.of(subcommands), false);
    }

    /** A partially typed string option, as autocomplete sends it. */
    public static CommandOption focused(String name, String partialValue) {
        return new CommandOption(name, STRING, partialValue, List.of(), true);
    }
}
