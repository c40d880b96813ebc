package community.arrakis.gatewayproxy.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.simulator.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Reads a load report (the JSON of {@code simulator --load-output}) after the run: draws its chart
 * with marks at wall-clock instants, and summarises the seconds after one of them — what a benchmark
 * that restarted a worker during the run needs ("p99 over the 10 s after the worker started").
 *
 * <pre>
 * java -cp app.jar community.arrakis.gatewayproxy.simulator.load.LoadChartTool report.json \
 *     [--title TEXT] [--mark LABEL@EPOCH_MILLIS]... [--from EPOCH_MILLIS [--window 10] [--table 30]] \
 *     [--out chart.html] [--summary window.json]
 * </pre>
 *
 * <p>{@code --from}: prints the seconds from that instant on ({@code --table} of them) and the
 * latency of the first {@code --window} seconds merged (not the worst second's p99: the seconds'
 * histograms are in the report). {@code --out} defaults to the report's name with {@code .html}.
 */
public final class LoadChartTool {
    private LoadChartTool() {
    }

    /** The seconds {@code [from, from + seconds)} of a timeline, merged. */
    public record Window(double fromSecond, int seconds, long sent, long answered, long deferred, long expired,
                         long errors, Histogram latency) {
        public ObjectNode toJson() {
            ObjectNode node = Json.object().put("from_second", Math.round(fromSecond * 1000) / 1000.0)
                    .put("seconds", seconds).put("sent", sent).put("answered", answered).put("deferred", deferred)
                    .put("expired", expired).put("errors", errors);
            node.putObject("latency_ms").put("p50", ms(latency, 50)).put("p99", ms(latency, 99))
                    .put("max", latency.getMaxValue() / 1000.0).put("count", latency.getTotalCount());
            return node;
        }
    }

    /**
     * Merges whole seconds of {@code report}'s timeline starting with the one that holds
     * {@code fromSecond}: a second that began before {@code fromSecond} counts whole, so the window
     * never misses the first events after the instant.
     */
    public static Window window(JsonNode report, double fromSecond, int seconds) {
        int first = (int) Math.floor(Math.max(0, fromSecond));
        Histogram latency = new Histogram(LoadTimeline.MAX_TRACKED_MICROS, 2);
        long sent = 0;
        long answered = 0;
        long deferred = 0;
        long expired = 0;
        long errors = 0;
        for (JsonNode s : report.path("timeline")) {
            int second = s.path("second").asInt();
            if (second < first || second >= first + seconds) {
                continue;
            }
            sent += s.path("sent").asLong();
            answered += s.path("answered").asLong();
            deferred += s.path("deferred").asLong();
            expired += s.path("expired").asLong();
            errors += s.path("errors").asLong();
            latency.add(LoadTimeline.Entry.decodeLatency(s.path("latency_hdr").asText()));
        }
        return new Window(fromSecond, seconds, sent, answered, deferred, expired, errors, latency);
    }

    /** The second of the run at wall-clock {@code epochMillis}. */
    public static double secondOf(JsonNode report, long epochMillis) {
        return (epochMillis - report.path("started_at_epoch_ms").asLong()) / 1000.0;
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: LoadChartTool report.json [--title TEXT] [--mark LABEL@EPOCH_MILLIS]... "
                    + "[--from EPOCH_MILLIS [--window 10] [--table 30]] [--out chart.html] [--summary window.json]");
            System.exit(2);
        }
        Path reportFile = Path.of(args[0]);
        JsonNode report = Json.MAPPER.readTree(Files.readString(reportFile));
        String title = "Load run " + reportFile.getFileName();
        List<LoadChart.Mark> marks = new ArrayList<>();
        Long from = null;
        int window = 10;
        int table = 30;
        Path out = LoadChart.besideJson(reportFile);
        Path summary = null;
        for (int i = 1; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--title" -> title = value;
                case "--mark" -> {
                    int at = value.lastIndexOf('@');
                    if (at < 1) {
                        throw new IllegalArgumentException("--mark must be LABEL@EPOCH_MILLIS, was " + value);
                    }
                    marks.add(new LoadChart.Mark(value.substring(0, at),
                            secondOf(report, Long.parseLong(value.substring(at + 1)))));
                }
                case "--from" -> from = Long.parseLong(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--table" -> table = Integer.parseInt(value);
                case "--out" -> out = Path.of(value);
                case "--summary" -> summary = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        LoadChart.write(report, title, marks, out);
        if (from != null) {
            double fromSecond = secondOf(report, from);
            printSeconds(report, fromSecond, table);
            Window w = window(report, fromSecond, window);
            System.out.printf(Locale.ROOT, "%nFirst %d s from second %.1f of the run: sent %d, answered %d, "
                            + "deferred %d, expired %d, errors %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", window,
                    fromSecond, w.sent(), w.answered(), w.deferred(), w.expired(), w.errors(), ms(w.latency(), 50),
                    ms(w.latency(), 99), w.latency().getMaxValue() / 1000.0);
            if (summary != null) {
                Files.writeString(summary, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(w.toJson())
                        + "\n");
            }
        }
        System.out.println("chart: " + out);
    }

    private static void printSeconds(JsonNode report, double fromSecond, int count) {
        int first = (int) Math.floor(Math.max(0, fromSecond));
        System.out.printf(Locale.ROOT, "%n| s after | run s | sent | answered | deferred | expired | p50 ms | p99 ms "
                + "| max ms |%n|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n");
        for (JsonNode s : report.path("timeline")) {
            int second = s.path("second").asInt();
            if (second >= first && second < first + count) {
                System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %d | %.2f | %.2f | %.2f |%n", second - first,
                        second, s.path("sent").asLong(), s.path("answered").asLong(), s.path("deferred").asLong(),
                        s.path("expired").asLong(), s.path("p50_ms").asDouble(), s.path("p99_ms").asDouble(),
                        s.path("max_ms").asDouble());
            }
        }
    }

    private static double ms(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
