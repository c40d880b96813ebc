package community.arrakis.gatewayproxy.simulator.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * A load report's timeline as a self-contained HTML page with two inline SVG charts: latency
 * percentiles per second (p50, p99, max; log scale, with the 50 ms, 100 ms and 3 s lines) and rates
 * per second (dispatched, answered, deferred, expired, errors). Works from the report's JSON, so it
 * draws any report written by {@code simulator --load-output}, also after the run with marks added
 * (a worker restarted at …) — see {@link LoadChartTool}.
 */
public final class LoadChart {
    private static final int WIDTH = 1000;
    private static final int PANEL_HEIGHT = 280;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 30;
    private static final int BOTTOM = 45;
    private static final double MIN_MS = 0.1;

    /** A vertical line at {@code second} of the run, labelled. */
    public record Mark(String label, double second) { }

    private LoadChart() {
    }

    /** The HTML page for {@code report} (the JSON of {@link LoadReport#toJson()}), with {@code marks}. */
    public static String html(JsonNode report, String title, List<Mark> marks) {
        List<JsonNode> seconds = new ArrayList<>();
        report.path("timeline").forEach(seconds::add);
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title>\n<style>body{font-family:sans-serif;margin:16px;color:#222}"
                        + "h1{font-size:18px;margin:0 0 4px}p{font-size:13px;margin:2px 0}svg{display:block;"
                        + "margin-top:10px}text{font-family:sans-serif;font-size:12px}</style></head><body>\n");
        out.append("<h1>").append(escape(title)).append("</h1>\n");
        out.append("<p>").append(escape(summary(report))).append("</p>\n");
        out.append("<p>").append(escape(context(report))).append("</p>\n");
        out.append("<p>Each event is counted in the second it was dispatched; latency runs from dispatch to the "
                + "answer (or defer) arriving at the REST API.</p>\n");
        if (seconds.isEmpty()) {
            out.append("<p><b>The report has no timeline.</b></p>\n");
        } else {
            latencyPanel(out, seconds, marks);
            ratePanel(out, seconds, marks);
        }
        out.append("</body></html>\n");
        return out.toString();
    }

    /** Writes {@link #html} to {@code file}, creating its directory. */
    public static void write(JsonNode report, String title, List<Mark> marks, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, html(report, title, marks));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the load chart to " + file, e);
        }
    }

    /** {@code bench-results/load.json} → {@code bench-results/load.html}. */
    public static Path besideJson(Path json) {
        String name = json.getFileName().toString();
        String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return json.resolveSibling(base + ".html");
    }

    private static void latencyPanel(StringBuilder out, List<JsonNode> seconds, List<Mark> marks) {
        double top = Math.max(3000, seconds.stream().mapToDouble(s -> s.path("max_ms").asDouble()).max().orElse(1));
        double topLog = Math.ceil(Math.log10(top));
        Axis x = new Axis(0, seconds.size(), LEFT, WIDTH - RIGHT);
        Axis y = new Axis(Math.log10(MIN_MS), topLog, PANEL_HEIGHT - BOTTOM, TOP);
        openPanel(out, "Latency per second (ms, log scale)");
        for (double decade = Math.log10(MIN_MS); decade <= topLog; decade++) {
            double ms = Math.pow(10, decade);
            gridLine(out, x, y.at(decade), ms >= 1 ? String.format(Locale.ROOT, "%.0f", ms) : "0.1", "#ddd");
        }
        for (double limit : new double[] {50, 100, 3000}) {
            referenceLine(out, x, y.at(Math.log10(limit)), limit == 3000 ? "3 s deadline" : (int) limit + " ms");
        }
        timeAxis(out, x, y.at(Math.log10(MIN_MS)), seconds.size());
        List<Series> series = List.of(new Series("p50", "#2b8a3e", s -> s.path("p50_ms").asDouble()),
                new Series("p99", "#e8590c", s -> s.path("p99_ms").asDouble()),
                new Series("max", "#c92a2a", s -> s.path("max_ms").asDouble()));
        for (Series s : series) {
            polyline(out, seconds, x, value -> y.at(Math.log10(Math.max(MIN_MS, value))), s,
                    entry -> entry.path("answered").asLong() > 0);
        }
        legend(out, series);
        marks(out, marks, x, y.at(Math.log10(MIN_MS)), TOP);
        out.append("</svg>\n");
    }

    private static void ratePanel(StringBuilder out, List<JsonNode> seconds, List<Mark> marks) {
        double top = seconds.stream().mapToDouble(s -> Math.max(s.path("sent").asDouble(), s.path("answered")
                .asDouble())).max().orElse(1);
        top = niceCeiling(Math.max(1, top * 1.1));
        Axis x = new Axis(0, seconds.size(), LEFT, WIDTH - RIGHT);
        Axis y = new Axis(0, top, PANEL_HEIGHT - BOTTOM, TOP);
        openPanel(out, "Events per second (by the second they were dispatched)");
        for (int i = 0; i <= 4; i++) {
            double value = top * i / 4;
            gridLine(out, x, y.at(value), String.format(Locale.ROOT, "%,.0f", value), "#ddd");
        }
        timeAxis(out, x, y.at(0), seconds.size());
        List<Series> series = List.of(new Series("dispatched", "#1c7ed6", s -> s.path("sent").asDouble()),
                new Series("answered", "#2b8a3e", s -> s.path("answered").asDouble()),
                new Series("deferred", "#f08c00", s -> s.path("deferred").asDouble()),
                new Series("expired", "#c92a2a", s -> s.path("expired").asDouble()),
                new Series("errors", "#862e9c", s -> s.path("errors").asDouble()));
        for (Series s : series) {
            polyline(out, seconds, x, y::at, s, entry -> true);
        }
        legend(out, series);
        marks(out, marks, x, y.at(0), TOP);
        out.append("</svg>\n");
    }

    private record Axis(double from, double to, double pixelFrom, double pixelTo) {
        double at(double value) {
            double clamped = Math.max(from, Math.min(to, value));
            return pixelFrom + (clamped - from) / (to - from) * (pixelTo - pixelFrom);
        }
    }

    private record Series(String name, String colour, ToDoubleFunction<JsonNode> value) { }

    private static void openPanel(StringBuilder out, String title) {
        out.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n"
                + "<text x=\"%d\" y=\"18\" font-weight=\"bold\">%s</text>%n", WIDTH, PANEL_HEIGHT, WIDTH, PANEL_HEIGHT,
                LEFT, escape(title)));
    }

    private static void gridLine(StringBuilder out, Axis x, double y, String label, String colour) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>"
                + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x.pixelFrom(), y, x.pixelTo(), y,
                colour, x.pixelFrom() - 6, y + 4, escape(label)));
    }

    private static void referenceLine(StringBuilder out, Axis x, double y, String label) {
        out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#868e96\" "
                + "stroke-dasharray=\"4 4\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"#868e96\">%s</text>%n", x.pixelFrom(), y,
                x.pixelTo(), y, x.pixelTo() + 4, y + 4, escape(label)));
    }

    private static void timeAxis(StringBuilder out, Axis x, double y, int seconds) {
        int step = niceStep(seconds);
        for (int s = 0; s <= seconds; s += step) {
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>"
                    + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>%n", x.at(s), y, x.at(s), y + 5,
                    x.at(s), y + 18, s));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">seconds since the "
                + "first dispatch</text>%n", (x.pixelFrom() + x.pixelTo()) / 2, y + 34));
    }

    private static void polyline(StringBuilder out, List<JsonNode> seconds, Axis x,
                                 java.util.function.DoubleUnaryOperator y, Series series,
                                 java.util.function.Predicate<JsonNode> drawn) {
        StringBuilder points = new StringBuilder();
        for (JsonNode entry : seconds) {
            if (!drawn.test(entry)) {
                continue;
            }
            double px = x.at(entry.path("second").asInt() + 0.5);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px,
                    y.applyAsDouble(series.value().applyAsDouble(entry))));
        }
        out.append(String.format(Locale.ROOT, "<polyline class=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\" "
                + "points=\"%s\"/>%n", series.name(), series.colour(), points.toString().trim()));
    }

    private static void legend(StringBuilder out, List<Series> series) {
        int y = PANEL_HEIGHT - BOTTOM - 18 * series.size() + 8;
        for (Series s : series) {
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                    + "stroke-width=\"3\"/><text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 90, y, WIDTH - RIGHT
                    + 108, y, s.colour(), WIDTH - RIGHT + 112, y + 4, s.name()));
            y += 18;
        }
    }

    private static void marks(StringBuilder out, List<Mark> marks, Axis x, double bottom, double top) {
        for (Mark m : marks) {
            double px = x.at(m.second());
            out.append(String.format(Locale.ROOT, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                    + "stroke=\"#5f3dc4\" stroke-width=\"1.5\"/><text x=\"%.1f\" y=\"%.1f\" fill=\"#5f3dc4\">%s</text>%n",
                    px, bottom, px, top, px + 4, top + 12, escape(m.label())));
        }
    }

    private static String summary(JsonNode report) {
        JsonNode latency = report.path("latency_ms");
        return String.format(Locale.ROOT, "%.1f s · sent %d · answered %d · deferred %d · expired %d · errors %d · "
                        + "lost %d · p50 %.2f ms · p99 %.2f ms · max %.2f ms · %s",
                report.path("seconds").asDouble(), report.path("sent").asLong(), report.path("answered").asLong(),
                report.path("deferred").asLong(), report.path("expired").asLong(), report.path("errors").asLong(),
                report.path("lost").asLong(), latency.path("p50").asDouble(), latency.path("p99").asDouble(),
                latency.path("max").asDouble(), report.path("passed").asBoolean() ? "passed" : "FAILED");
    }

    private static String context(JsonNode report) {
        List<String> parts = new ArrayList<>();
        report.path("context").properties().forEach(e -> parts.add(e.getKey() + " " + e.getValue().asText()));
        return String.join(" · ", parts);
    }

    private static int niceStep(int seconds) {
        for (int step : new int[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600}) {
            if (seconds / step <= 15) {
                return step;
            }
        }
        return 1200;
    }

    private static double niceCeiling(double value) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
            if (factor * magnitude >= value) {
                return factor * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
