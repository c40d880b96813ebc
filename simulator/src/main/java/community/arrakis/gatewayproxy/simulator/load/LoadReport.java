package community.arrakis.gatewayproxy.simulator.load;

import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.simulator.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a load run, per event type and in total.
 *
 * <p>Per type: {@code sent} events emitted; {@code undelivered} of them found no session (or the
 * session's intents filtered them out); {@code answered} got an accepted answer (the interaction
 * callback, or for a join the role PUT for that member); {@code errors} got an answer the simulator
 * refused (other than too late); {@code expired} were interactions answered after the 3 s window
 * (10062); {@code lost} were delivered and never answered by the end of the grace period. Types the
 * bot is not expected to answer ({@link TypeResult#answerExpected()} false) are counted as sent only.
 * Latency runs from the dispatch being handed to the gateway to the answer arriving at the REST API,
 * in microseconds.
 *
 * @param context free-form facts about the run that a reader of the figures needs (profile, mix,
 *                grace, whether rate limits were on), printed above the table and kept in the JSON
 * @param seconds  from the first emit to the last, without the grace period
 * @param timeline the run second by second, by the second each event was dispatched in (see {@link LoadTimeline})
 */
public record LoadReport(Map<String, String> context, List<TypeResult> types, List<StageResult> stages,
                         double seconds, LoadTimeline.Snapshot timeline) {
    public LoadReport {
        context = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(context));
        types = List.copyOf(types);
        stages = List.copyOf(stages);
        timeline = timeline == null ? LoadTimeline.Snapshot.empty() : timeline;
    }

    /** A report without a timeline. */
    public LoadReport(Map<String, String> context, List<TypeResult> types, List<StageResult> stages, double seconds) {
        this(context, types, stages, seconds, null);
    }

    /** One event type's counts and latencies. */
    public record TypeResult(LoadEventType type, boolean answerExpected, long sent, long undelivered, long answered,
                             long errors, long expired, long lost, Histogram latencyMicros, long duplicates) {

        /** Without a count of duplicates (none seen). */
        public TypeResult(LoadEventType type, boolean answerExpected, long sent, long undelivered, long answered,
                          long errors, long expired, long lost, Histogram latencyMicros) {
            this(type, answerExpected, sent, undelivered, answered, errors, expired, lost, latencyMicros, 0);
        }
    }

    /** One stage: how many events it should have emitted, how many it did, and in how long. */
    public record StageResult(String stage, long targetEvents, long sent, double seconds) {
        public double dispatchRate() {
            return seconds == 0 ? 0 : sent / seconds;
        }
    }

    /** A copy with one more context entry (a later value for the same key replaces the earlier). */
    public LoadReport withContext(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(context);
        more.put(key, value);
        return new LoadReport(more, types, stages, seconds, timeline);
    }

    public TypeResult type(LoadEventType type) {
        return types.stream().filter(t -> t.type() == type).findFirst().orElseThrow(
                () -> new IllegalArgumentException("the run emitted no " + type.key() + " events"));
    }

    public long sent() {
        return sum(TypeResult::sent);
    }

    public long undelivered() {
        return sum(TypeResult::undelivered);
    }

    public long answered() {
        return sum(TypeResult::answered);
    }

    public long errors() {
        return sum(TypeResult::errors);
    }

    public long expired() {
        return sum(TypeResult::expired);
    }

    public long lost() {
        return sum(TypeResult::lost);
    }

    /** Answers that were defers (counted as answered too): the worker stood in for a handler near 3 s. */
    public long deferred() {
        return timeline.deferred();
    }

    /**
     * Answers after the first: a second interaction callback (refused by the simulator with 40060)
     * or a second accepted role PUT for one join. Zero for a bot that handles each event once.
     */
    public long duplicates() {
        return sum(TypeResult::duplicates);
    }

    /** The gate of {@code simulator --exit-after-load}: nothing lost and no errors. */
    public boolean passed() {
        return lost() == 0 && errors() == 0;
    }

    /** Latencies of every answered event, whatever its type. */
    public Histogram latencyMicros() {
        Histogram all = new Histogram(LoadDriver.MAX_TRACKED_MICROS, 3);
        types.forEach(t -> all.add(t.latencyMicros()));
        return all;
    }

    public double dispatchRate() {
        return rate(sent());
    }

    public long percentileMicros(double percentile) {
        return percentile(latencyMicros(), percentile);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object();
        ObjectNode ctx = node.putObject("context");
        context.forEach(ctx::put);
        node.put("seconds", round(seconds, 3));
        counts(node, sent(), undelivered(), answered(), errors(), expired(), lost(), latencyMicros());
        node.put("deferred", deferred());
        node.put("duplicates", duplicates());
        node.put("passed", passed());
        ObjectNode byType = node.putObject("types");
        for (TypeResult t : types) {
            ObjectNode entry = byType.putObject(t.type().key()).put("answer_expected", t.answerExpected());
            counts(entry, t.sent(), t.undelivered(), t.answered(), t.errors(), t.expired(), t.lost(), t.latencyMicros());
            entry.put("duplicates", t.duplicates());
        }
        var stageArray = node.putArray("stages");
        for (StageResult s : stages) {
            stageArray.addObject().put("stage", s.stage()).put("target_events", s.targetEvents()).put("sent", s.sent())
                    .put("seconds", round(s.seconds(), 3)).put("dispatch_rate", Math.round(s.dispatchRate()));
        }
        node.put("started_at_epoch_ms", timeline.startedAtEpochMillis());
        var perSecond = node.putArray("timeline");
        for (LoadTimeline.Entry e : timeline.entries()) {
            perSecond.addObject().put("second", e.second()).put("sent", e.sent()).put("answered", e.answered())
                    .put("deferred", e.deferred()).put("expired", e.expired()).put("errors", e.errors())
                    .put("p50_ms", millis(e.latency(), 50)).put("p99_ms", millis(e.latency(), 99))
                    .put("max_ms", e.latency().getMaxValue() / 1000.0).put("latency_hdr", e.encodedLatency());
        }
        return node;
    }

    /** Writes {@link #toJson()}, indented, creating the parent directories. */
    public void writeJson(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the load report to " + file, e);
        }
    }

    /** Markdown: the context line, one row per type and a total, then the stages. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append("Load run: ");
        out.append(String.join(" · ", context.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        out.append(String.format(Locale.ROOT, " · %.1f s%n%n", seconds));
        out.append("| type | sent | answered | errors | expired | lost | undelivered | p50 ms | p95 ms | p99 ms | max ms "
                + "| dispatch/s |\n");
        out.append("|------|-----:|---------:|-------:|--------:|-----:|------------:|-------:|-------:|-------:|-------:"
                + "|-----------:|\n");
        for (TypeResult t : types) {
            row(out, t.type().key() + (t.answerExpected() ? "" : " (sent only)"), t.sent(), t.answered(), t.errors(),
                    t.expired(), t.lost(), t.undelivered(), t.latencyMicros());
        }
        row(out, "**total**", sent(), answered(), errors(), expired(), lost(), undelivered(), latencyMicros());
        out.append(String.format(Locale.ROOT, "%nDeferred (answered with a loading state near the 3 s deadline): %d%n",
                deferred()));
        out.append("\n| stage | target events | sent | seconds | dispatch/s |\n");
        out.append("|-------|--------------:|-----:|--------:|-----------:|\n");
        for (StageResult s : stages) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.0f |%n", s.stage(), s.targetEvents(),
                    s.sent(), s.seconds(), s.dispatchRate()));
        }
        return out.toString();
    }

    private void row(StringBuilder out, String label, long sent, long answered, long errors, long expired, long lost,
                     long undelivered, Histogram latency) {
        out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f | %.2f | %.0f |%n",
                label, sent, answered, errors, expired, lost, undelivered, millis(latency, 50), millis(latency, 95),
                millis(latency, 99), latency.getMaxValue() / 1000.0, rate(sent)));
    }

    private void counts(ObjectNode node, long sent, long undelivered, long answered, long errors, long expired,
                        long lost, Histogram latency) {
        node.put("sent", sent).put("undelivered", undelivered).put("answered", answered).put("errors", errors)
                .put("expired", expired).put("lost", lost).put("dispatch_rate", Math.round(rate(sent)));
        node.putObject("latency_ms").put("p50", millis(latency, 50)).put("p90", millis(latency, 90))
                .put("p95", millis(latency, 95)).put("p99", millis(latency, 99)).put("p999", millis(latency, 99.9))
                .put("max", latency.getMaxValue() / 1000.0).put("count", latency.getTotalCount());
    }

    private long sum(ToLongFunction<TypeResult> field) {
        return types.stream().mapToLong(field).sum();
    }

    private double rate(long count) {
        return seconds == 0 ? 0 : count / seconds;
    }

    private static long percentile(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    private static double millis(Histogram histogram, double percentile) {
        return percentile(histogram, percentile) / 1000.0;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
