package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.broker.deadletter.DeadLetter;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterFilter;
import community.arrakis.gatewayproxy.broker.deadletter.ReplayResult;
import community.arrakis.gatewayproxy.broker.deadletter.Selection;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlq replay}: the chosen envelopes back to the workers, after the cause is fixed. */
@Command(name = "replay", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Publish the chosen dead letters again, each to its routing key.",
        description = {"Publishes the chosen dead letters again to the events exchange, each to its original routing "
                + "key, marked x-arrakis-replays (a count), in queue order. Each is removed from the dead-letter queue "
                + "only after the broker confirmed its replay and a queue took it: a failure in between leaves a "
                + "duplicate (which workers skip by event id), never a loss.",
                "Bodies that are not envelopes stay. Exit 1 if any stayed."})
final class DlqReplayCommand implements Callable<Integer> {

    /** Discord takes an interaction's first answer for 3 s (15 minutes once deferred). */
    private static final Duration INTERACTION_ANSWER_WINDOW = Duration.ofSeconds(3);

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    DlqFilterOptions filterOptions;

    @Option(names = "--limit", paramLabel = "N", description = "Replay at most the first N matching dead letters (default all).")
    Integer limit;

    @Option(names = "--dry-run", description = "Print what would be replayed, and where to; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        int atMost = DlqFilterOptions.limit(commandLine, limit);
        DeadLetterFilter filter = filterOptions.filter(commandLine);
        PrintWriter out = commandLine.getOut();
        try (DlqSession session = DlqSession.open(broker, "replay");
             Selection selection = session.select(filter, atMost)) {
            List<DeadLetter> chosen = selection.selected();
            String which = DlqFormat.plural(chosen.size(), "dead letter", "dead letters") + " of "
                    + selection.examined() + " in " + selection.queue()
                    + (filter.selectsAll() ? "" : " (" + filter.describe() + ")");
            if (chosen.isEmpty()) {
                out.println("nothing to replay: " + which);
                return 0;
            }
            if (dryRun) {
                out.println("dry run, nothing changed: would replay " + which + " to " + selection.eventsExchange() + ":");
                DlqFormat.table(out, chosen, selection.readAt(), "  ");
                List<DeadLetter> notEnvelopes = chosen.stream().filter(l -> l.routingKey().isEmpty()).toList();
                if (!notEnvelopes.isEmpty()) {
                    out.println("would stay, not being envelopes: positions "
                            + notEnvelopes.stream().map(l -> Integer.toString(l.position())).toList());
                }
                noteLateInteractions(out, chosen, selection.readAt());
                return 0;
            }
            ReplayResult result = session.replay(selection);
            report(out, result, which, selection);
            noteLateInteractions(out, result.replayed(), selection.readAt());
            out.flush();
            if (!result.left().isEmpty()) {
                commandLine.getErr().println("not everything was replayed: "
                        + DlqFormat.plural(result.left().size(), "dead letter stays", "dead letters stay") + " in " + selection.queue()
                        + result.stoppedBy().map(why -> " (stopped: " + why + ")").orElse(""));
                return 1;
            }
            return 0;
        }
    }

    private static void report(PrintWriter out, ReplayResult result, String which, Selection selection) {
        out.println("replayed " + result.replayed().size() + " of " + which + " to " + selection.eventsExchange()
                + ", each confirmed by the broker before it left the dead-letter queue:");
        for (DeadLetter letter : result.replayed()) {
            out.println("  " + letter.position() + "  " + letter.eventId().orElse("-") + "  -> " + selection.replayRoutingKey(letter).orElse("-")
                    + "  (replay " + (letter.replays() + 1) + ")");
        }
        if (!result.left().isEmpty()) {
            out.println("left in " + selection.queue() + ":");
            for (ReplayResult.Left left : result.left()) {
                out.println("  " + left.letter().position() + "  " + left.letter().eventId().orElse("-") + "  " + left.why());
            }
        }
    }

    /** An interaction past Discord's window is acknowledged as expired by the worker, not answered late. */
    private static void noteLateInteractions(PrintWriter out, List<DeadLetter> letters, Instant now) {
        long late = letters.stream().filter(DeadLetter::isInteraction)
                .filter(l -> Duration.between(Instant.ofEpochMilli(l.envelope().orElseThrow().timestamp()), now)
                        .compareTo(INTERACTION_ANSWER_WINDOW) > 0)
                .count();
        if (late > 0) {
            out.println("note: " + late + " of them " + (late == 1 ? "is an interaction" : "are interactions")
                    + " older than Discord's 3 s to answer: a worker counts such an interaction expired and does not"
                    + " answer it (one the ingestor deferred can still be finished for 15 minutes)");
        }
    }
}
