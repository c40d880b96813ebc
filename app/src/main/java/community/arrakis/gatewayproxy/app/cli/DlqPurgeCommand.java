package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.broker.deadletter.DeadLetter;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterFilter;
import community.arrakis.gatewayproxy.broker.deadletter.Selection;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlq purge}: remove dead letters for good, only the chosen ones, only when confirmed. */
@Command(name = "purge", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Remove the chosen dead letters for good, after a confirmation.",
        description = {"Remove the chosen dead letters for good (all of them without a filter); the others stay, in order.",
                "Lists them, then asks you to type their number to confirm; --yes skips the question (scripts).",
                "The dead letters counted are exactly the ones removed: they are held from the count to the removal."})
final class DlqPurgeCommand implements Callable<Integer> {

    /** Rows listed before asking; the rest are only counted. */
    private static final int LISTED = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    DlqFilterOptions filterOptions;

    @Option(names = "--limit", paramLabel = "N", description = "Remove at most the first N matching dead letters (default all).")
    Integer limit;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        int atMost = DlqFilterOptions.limit(commandLine, limit);
        DeadLetterFilter filter = filterOptions.filter(commandLine);
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        try (DlqSession session = DlqSession.open(broker, "purge");
             Selection selection = session.select(filter, atMost)) {
            List<DeadLetter> chosen = selection.selected();
            String which = DlqFormat.plural(chosen.size(), "dead letter", "dead letters") + " of " + selection.examined()
                    + " in " + selection.queue() + (filter.selectsAll() ? "" : " (" + filter.describe() + ")");
            if (chosen.isEmpty()) {
                out.println("nothing to purge: " + which);
                return 0;
            }
            if (!yes) {
                out.println("about to remove " + which + ":");
                DlqFormat.table(out, chosen.subList(0, Math.min(LISTED, chosen.size())), selection.readAt(), "  ");
                if (chosen.size() > LISTED) {
                    out.println("  ... and " + (chosen.size() - LISTED) + " more");
                }
                out.flush();
                err.print("This cannot be undone. Type " + chosen.size() + " to remove " + (chosen.size() == 1 ? "it" : "them") + ": ");
                err.flush();
                String answer = readLine();
                if (answer == null || !answer.strip().equals(Integer.toString(chosen.size()))) {
                    err.println(answer == null
                            ? "purge cancelled, nothing removed: no answer (type the number, or pass --yes)"
                            : "purge cancelled, nothing removed: '" + answer.strip() + "' is not " + chosen.size());
                    return 1;
                }
            }
            int removed = selection.remove();
            out.println("removed " + DlqFormat.plural(removed, "dead letter", "dead letters") + " from " + selection.queue()
                    + "; " + (selection.examined() - removed) + " of " + selection.examined() + " stay");
            out.flush();
            return 0;
        }
    }

    /** Standard input, a terminal or a pipe alike ({@code echo 3 | ... dlq purge}). */
    private static String readLine() throws IOException {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }
}
