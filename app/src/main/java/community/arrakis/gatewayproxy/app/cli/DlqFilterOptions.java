package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterFilter;
import java.time.Duration;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Which dead letters a {@code dlq} command works on; every option given must hold. */
public final class DlqFilterOptions {

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Only dead letters whose reason contains TEXT, or matches it as a regular expression (ignoring case).")
    String reason;

    @Option(names = "--event-type", paramLabel = "TYPE",
            description = "Only this event type, or a routing-key pattern: member.join, member.*, interaction.#")
    String eventType;

    @Option(names = "--guild", paramLabel = "ID", description = "Only events of this guild.")
    String guild;

    @Option(names = "--older-than", paramLabel = "AGE", converter = Ages.class,
            description = "Only dead-lettered at least AGE ago: 90s, 15m, 2h, 3d, 1h30m or PT1H30M.")
    Duration olderThan;

    @Option(names = "--newer-than", paramLabel = "AGE", converter = Ages.class,
            description = "Only dead-lettered less than AGE ago.")
    Duration newerThan;

    @Option(names = "--event-id", paramLabel = "ID", description = "Only the dead letters of this event id.")
    String eventId;

    /** The filter, or a parameter error naming the option that is wrong. */
    DeadLetterFilter filter(CommandLine commandLine) {
        DeadLetterFilter filter = DeadLetterFilter.all();
        filter = checked(commandLine, "--reason", filter, f -> f.reason(reason));
        filter = checked(commandLine, "--event-type", filter, f -> f.eventType(eventType));
        filter = checked(commandLine, "--guild", filter, f -> f.guild(guild));
        filter = checked(commandLine, "--event-id", filter, f -> f.eventId(eventId));
        filter = checked(commandLine, "--older-than", filter, f -> f.olderThan(olderThan));
        return checked(commandLine, olderThan == null ? "--newer-than" : "--older-than/--newer-than", filter,
                f -> f.newerThan(newerThan));
    }

    private static DeadLetterFilter checked(CommandLine commandLine, String option, DeadLetterFilter filter,
                                            UnaryOperator<DeadLetterFilter> narrow) {
        try {
            return narrow.apply(filter);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, option + ": " + e.getMessage());
        }
    }

    /**
     * The {@code --limit} a dlq command was given, {@link Integer#MAX_VALUE} when none; stops with
     * a message naming the option when it is below 1.
     */
    static int limit(CommandLine commandLine, Integer limit) {
        if (limit == null) {
            return Integer.MAX_VALUE;
        }
        if (limit < 1) {
            throw new CommandLine.ParameterException(commandLine, "--limit must be at least 1, was " + limit);
        }
        return limit;
    }
}
