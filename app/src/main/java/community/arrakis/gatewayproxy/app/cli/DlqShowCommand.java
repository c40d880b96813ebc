package community.arrakis.gatewayproxy.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetter;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetterFilter;
import community.arrakis.gatewayproxy.broker.deadletter.Selection;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlq show}: one dead letter in full, secrets redacted. */
@Command(name = "show", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Show one dead letter, its headers and envelope, secrets redacted.",
        description = {"Shows a dead letter: what it is, its properties and headers, and its envelope pretty-printed, "
                + "with interaction tokens and any other secret-looking field redacted. Changes nothing.",
                "Give an event id, or a position as `list` printed it (positions move when messages leave the queue)."})
final class DlqShowCommand implements Callable<Integer> {

    /** Positions are small numbers; event ids are snowflakes (17 to 20 digits) or shard:session:sequence. */
    private static final Pattern POSITION = Pattern.compile("\\d{1,9}");
    /** Enough for every copy of one event id. */
    private static final int MAX_SHOWN = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    BrokerOptions broker;

    @Parameters(index = "0", paramLabel = "EVENT-ID|POSITION", description = "The event id, or the position in the queue (1 = head).")
    String which;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        boolean byPosition = POSITION.matcher(which).matches();
        DeadLetterFilter filter;
        try {
            filter = byPosition ? DeadLetterFilter.all().position(Integer.parseInt(which)) : DeadLetterFilter.all().eventId(which);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        PrintWriter out = commandLine.getOut();
        try (DlqSession session = DlqSession.open(broker, "show");
             Selection selection = session.select(filter, MAX_SHOWN)) {
            if (selection.selected().isEmpty()) {
                throw new IllegalArgumentException("no dead letter " + (byPosition ? "at position " : "with event id ")
                        + which + " in " + selection.queue() + " (" + DlqFormat.plural(selection.examined(), "message", "messages") + ")");
            }
            for (DeadLetter letter : selection.selected()) {
                show(out, letter, selection);
            }
        }
        out.flush();
        return 0;
    }

    private static void show(PrintWriter out, DeadLetter letter, Selection selection) throws IOException {
        List<String> secrets = DlqFormat.knownSecrets(letter);
        Instant now = selection.readAt();
        out.println("dead letter at position " + letter.position() + " of " + selection.examined() + " in " + selection.queue());
        field(out, "event id", letter.eventId().orElse("-"));
        field(out, "event type", letter.eventType().orElse("-") + letter.dispatchType().map(d -> " (" + d + ")").orElse(""));
        field(out, "guild", letter.guildId().orElse("-"));
        field(out, "reason", DlqFormat.reason(letter));
        field(out, "exception", letter.exception().orElse("-"));
        field(out, "dead-lettered", letter.deadLetteredAt().map(at -> at + ", " + DlqFormat.age(letter, now) + " ago")
                .orElse("not recorded" + letter.since().map(s -> "; event received " + s + ", " + DlqFormat.age(letter, now) + " ago").orElse("")));
        field(out, "from queue", letter.sourceQueue().orElse("-") + letter.worker().map(w -> " by worker " + w).orElse(""));
        field(out, "attempts", letter.attempts().map(String::valueOf).orElse("-"));
        field(out, "replays", Integer.toString(letter.replays()));
        field(out, "replay goes to", selection.replayRoutingKey(letter).map(key -> "routing key " + key + " on " + selection.eventsExchange())
                .orElse("nowhere: " + letter.notAnEnvelope().map(why -> "not an envelope (" + why + ")").orElse("not an envelope")));
        out.println("properties:");
        letter.messageId().ifPresent(id -> field(out, "message-id", id));
        letter.typeProperty().ifPresent(type -> field(out, "type", type));
        letter.contentType().ifPresent(type -> field(out, "content-type", type));
        letter.priority().ifPresent(priority -> field(out, "priority", priority.toString()));
        out.println("headers:");
        for (Map.Entry<String, Object> header : new TreeMap<>(letter.headers()).entrySet()) {
            Object value = header.getValue();
            String shown = DlqRedaction.secretName(header.getKey()) ? DlqRedaction.MASK
                    : DlqRedaction.text(String.valueOf(value), secrets);
            field(out, header.getKey(), shown);
        }
        out.println(letter.envelope().isPresent() ? "envelope:" : "body (" + letter.bodySize() + " bytes, not an envelope):");
        out.println(body(letter, secrets));
        out.println();
    }

    /** Pretty JSON with secrets redacted; text that is not JSON is shown as text, secret-shaped parts redacted. */
    private static String body(DeadLetter letter, List<String> secrets) throws IOException {
        byte[] body = letter.body();
        JsonNode tree;
        try {
            tree = DlqFormat.JSON.readTree(body);
        } catch (IOException e) {
            tree = null;
        }
        if (tree == null || tree.isMissingNode()) {
            return DlqRedaction.text(new String(body, StandardCharsets.UTF_8), secrets);
        }
        return DlqFormat.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(DlqRedaction.json(tree, secrets));
    }

    private static void field(PrintWriter out, String name, String value) {
        out.println("  " + name + ": " + value);
    }
}
