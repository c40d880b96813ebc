package community.arrakis.gatewayproxy.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.broker.deadletter.DeadLetter;
import community.arrakis.gatewayproxy.envelope.Envelope;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How the {@code dlq} commands show dead letters: one line each in a table, or JSON for scripts. */
final class DlqFormat {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int REASON_WIDTH = 60;
    private static final String[] HEADINGS = {"pos", "age", "reason", "event type", "guild", "event id", "attempts", "replays"};

    private DlqFormat() {
    }

    /** One row per dead letter, columns as wide as their widest cell; ages are counted to {@code now}. */
    static void table(PrintWriter out, List<DeadLetter> letters, Instant now, String indent) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        boolean estimated = false;
        for (DeadLetter letter : letters) {
            estimated |= letter.deadLetteredAt().isEmpty() && letter.since().isPresent();
            rows.add(new String[] {
                    Integer.toString(letter.position()),
                    age(letter, now),
                    shorten(reason(letter), REASON_WIDTH),
                    letter.eventType().or(letter::dispatchType).orElse("-"),
                    letter.guildId().orElse("-"),
                    letter.eventId().orElse("-"),
                    letter.attempts().map(String::valueOf).orElse("-"),
                    Integer.toString(letter.replays())});
        }
        int[] widths = new int[HEADINGS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < row.length; i++) {
                boolean number = i == 0 || i >= 6;
                line.append(number ? pad(row[i], widths[i], true) : pad(row[i], widths[i], false));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            out.println(line.toString().stripTrailing());
        }
        if (estimated) {
            out.println(indent + "~ no dead-letter time recorded: the age since the ingestor received the event");
        }
    }

    /** {@code 2h05m}, or {@code ~2h05m} when only the event's reception time is known, or {@code ?}. */
    static String age(DeadLetter letter, Instant now) {
        Optional<Instant> since = letter.since();
        if (since.isEmpty()) {
            return "?";
        }
        String age = Ages.format(Duration.between(since.get(), now));
        return letter.deadLetteredAt().isPresent() ? age : "~" + age;
    }

    /** The reason with anything secret-shaped taken out (an exception message may quote a URL with a token). */
    static String reason(DeadLetter letter) {
        return DlqRedaction.text(letter.reason(), knownSecrets(letter));
    }

    /** The secrets this dead letter is known to carry: its interaction token. */
    static List<String> knownSecrets(DeadLetter letter) {
        return letter.envelope().map(Envelope::interactionToken).map(List::of).orElse(List.of());
    }

    static ObjectNode json(DeadLetter letter, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("position", letter.position());
        node.put("eventId", letter.eventId().orElse(null));
        node.put("eventType", letter.eventType().orElse(null));
        node.put("dispatchType", letter.dispatchType().orElse(null));
        node.put("guildId", letter.guildId().orElse(null));
        node.put("reason", reason(letter));
        node.put("exception", letter.exception().orElse(null));
        node.put("deadLetteredAt", letter.deadLetteredAt().map(Instant::toString).orElse(null));
        if (letter.since().isPresent()) {
            node.put("ageSeconds", Duration.between(letter.since().get(), now).toSeconds());
        } else {
            node.putNull("ageSeconds");
        }
        node.put("attempts", letter.attempts().orElse(null));
        node.put("replays", letter.replays());
        node.put("sourceQueue", letter.sourceQueue().orElse(null));
        node.put("worker", letter.worker().orElse(null));
        node.put("routingKey", letter.routingKey().orElse(null));
        node.put("envelope", letter.envelope().isPresent());
        node.put("interaction", letter.isInteraction());
        return node;
    }

    /** Reasons and their counts, most frequent first. */
    static void byReason(PrintWriter out, Map<String, Integer> counts) {
        int width = counts.values().stream().mapToInt(c -> Integer.toString(c).length()).max().orElse(1);
        counts.forEach((reason, count) -> out.println("  " + pad(Integer.toString(count), width, true) + "  "
                + DlqRedaction.text(reason, List.of())));
    }

    static String plural(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    private static String shorten(String text, int width) {
        String line = text.replaceAll("\\s+", " ");
        return line.length() <= width ? line : line.substring(0, width - 1) + "…";
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }
}
