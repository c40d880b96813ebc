package community.arrakis.gatewayproxy.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetter;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterFilter;
import community.arrakis.gatewayproxy.broker.deadletter.Selection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlq list}: what is in the dead-letter queue, and why. */
@Command(name = "list", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "List the dead letters and a count by reason.",
        description = {"Lists the dead letters, head of the queue first: position, age (since dead-lettered), reason, "
                + "event type, guild, event id, handler attempts, earlier replays; then a count by reason.",
                "Changes nothing: the messages are read without an acknowledgement and given back in their places."})
final class DlqListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Mixin
    DlqFilterOptions filterOptions;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N",
            description = "Show at most N dead letters (all matching ones are counted; default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON document instead of the table, for scripts.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        int atMost = DlqFilterOptions.limit(commandLine, limit);
        DeadLetterFilter filter = filterOptions.filter(commandLine);
        PrintWriter out = commandLine.getOut();
        try (DlqSession session = DlqSession.open(broker, "list");
             Selection selection = session.select(filter, atMost)) {
            if (json) {
                out.println(DlqFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json(selection, filter)));
            } else {
                text(out, selection, filter);
            }
        }
        out.flush();
        return 0;
    }

    private static void text(PrintWriter out, Selection selection, DeadLetterFilter filter) {
        out.println(selection.queue() + ": " + DlqFormat.plural(selection.examined(), "message", "messages")
                + (filter.selectsAll() ? "" : ", " + selection.matched() + " matching " + filter.describe()));
        List<DeadLetter> shown = selection.selected();
        if (shown.isEmpty()) {
            return;
        }
        DlqFormat.table(out, shown, selection.readAt(), "");
        if (shown.size() < selection.matched()) {
            out.println("(the first " + shown.size() + " of " + selection.matched() + " shown; --limit shows more)");
        }
        out.println("by reason:");
        DlqFormat.byReason(out, selection.matchedByReason());
    }

    private static ObjectNode json(Selection selection, DeadLetterFilter filter) {
        ObjectNode root = DlqFormat.JSON.createObjectNode();
        root.put("queue", selection.queue());
        root.put("readAt", selection.readAt().toString());
        root.put("filter", filter.describe());
        root.put("messages", selection.examined());
        root.put("matching", selection.matched());
        ArrayNode listed = root.putArray("deadLetters");
        selection.selected().forEach(letter -> listed.add(DlqFormat.json(letter, selection.readAt())));
        ArrayNode reasons = root.putArray("byReason");
        selection.matchedByReason().forEach((reason, count) ->
                reasons.addObject().put("reason", DlqRedaction.text(reason, List.of())).put("count", count));
        return root;
    }
}
