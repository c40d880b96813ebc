package community.arrakis.gatewayproxy.ops.status;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The status page: one screen, server-rendered HTML with its CSS inline, that tells the person on
 * call whether the bot is healthy, and if not, why, before any graph. From top to bottom: the
 * verdict with its reasons, the dependencies, the shards, the traffic figures, the queues and the
 * last warnings and errors. It reloads itself every {@link #REFRESH} (a meta refresh: no script, so
 * it also works where scripts are off and in a text browser).
 *
 * <p>Elements carry {@code data-health} (and shards {@code data-shard}) so tests and scripts can
 * read the page without depending on its looks; {@code /status.json} has the same content for
 * scripts.
 */
public final class StatusPage {

    public static final Duration REFRESH = Duration.ofSeconds(5);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
              background:#f3f5f8;color:#1f2328}
            .wrap{max-width:1240px;margin:0 auto;padding:0 24px}
            header{color:#fff;padding:18px 0 16px}
            header.healthy{background:#1a7f37}header.degraded{background:#b45309}header.down{background:#b42318}
            .who{opacity:.9;font-size:13px;letter-spacing:.02em}
            .who b{font-weight:600}
            h1{margin:2px 0 6px;font-size:34px;letter-spacing:.06em;font-weight:750}
            .reasons{margin:0 0 8px;padding-left:20px;font-size:15px}
            .reasons li{margin:1px 0}
            .calm{margin:0 0 8px;font-size:15px}
            .meta{font-size:12px;opacity:.85}
            main{padding-top:14px}
            section{margin:0 0 16px}
            h2{font-size:13px;text-transform:uppercase;letter-spacing:.08em;color:#57606a;margin:0 0 6px}
            h2 .sub{text-transform:none;letter-spacing:0;font-weight:400;margin-left:6px}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:10px}
            .card{background:#fff;border-radius:8px;padding:10px 12px;border:1px solid #d8dee4;border-left:5px solid #1a7f37}
            .card.degraded{border-left-color:#d97706}.card.down{border-left-color:#cf222e}
            .card .name{font-weight:650}
            .card .detail{color:#424a53;margin-top:2px;overflow-wrap:anywhere}
            .tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(180px,1fr));gap:10px}
            .tile{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:8px 12px}
            .tile .num{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums}
            .tile.degraded .num{color:#b45309}.tile.down .num{color:#cf222e}
            .tile .label{color:#424a53}
            .tile .note{color:#6e7781;font-size:12px}
            table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d8dee4;border-radius:8px;overflow:hidden}
            th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #eaeef2;vertical-align:top}
            th{background:#f6f8fa;font-size:12px;color:#57606a;font-weight:600}
            td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            th.n{text-align:right;white-space:nowrap;width:1%}
            tr:last-child td{border-bottom:0}
            tr.degraded td{background:#fff8eb}tr.down td{background:#fff0ee}
            .badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:650;white-space:nowrap}
            .badge.healthy{background:#dafbe1;color:#116329}.badge.degraded{background:#ffedc2;color:#7c3d00}
            .badge.down{background:#ffd8d3;color:#a40e26}
            .badge.WARN{background:#ffedc2;color:#7c3d00}.badge.ERROR{background:#ffd8d3;color:#a40e26}
            .msg{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;overflow-wrap:anywhere}
            .muted{color:#6e7781}
            .none{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:8px 12px;margin:0;color:#57606a}
            footer{color:#6e7781;font-size:12px;padding:4px 0 24px}
            footer a{color:#0969da}
            """;

    private StatusPage() {
    }

    public static String render(StatusSnapshot snapshot) {
        Verdict verdict = snapshot.verdict();
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH.toSeconds()).append("\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(verdict.health().name())).append(" · ").append(esc(snapshot.process()))
                .append(snapshot.instance().isEmpty() ? "" : " " + esc(snapshot.instance()))
                .append(" · Arrakis</title><style>").append(CSS).append("</style></head><body>\n");
        header(html, snapshot, verdict);
        html.append("<main class=\"wrap\">\n");
        dependencies(html, snapshot.dependencies());
        shards(html, snapshot.shards());
        figures(html, snapshot.figures());
        queues(html, snapshot.queues());
        problems(html, snapshot.recentProblems());
        html.append("</main>\n<footer><div class=\"wrap\">For scripts: <a href=\"/status.json\">/status.json</a> · ")
                .append("<a href=\"/health/ready\">/health/ready</a> · <a href=\"/metrics\">/metrics</a> · ")
                .append("process started ").append(DATE_TIME.format(snapshot.startedAt()))
                .append(" · times in UTC</div></footer>\n</body></html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, StatusSnapshot snapshot, Verdict verdict) {
        String health = verdict.health().label();
        html.append("<header class=\"").append(health).append("\"><div class=\"wrap\">")
                .append("<div class=\"who\">Arrakis Gateway Proxy · <b>").append(esc(snapshot.process())).append("</b>")
                .append(snapshot.instance().isEmpty() ? "" : " · " + esc(snapshot.instance())).append("</div>")
                .append("<h1 id=\"verdict\" data-health=\"").append(health).append("\">")
                .append(esc(verdict.health().name())).append("</h1>");
        if (verdict.reasons().isEmpty()) {
            html.append("<p class=\"calm\">Every part answers and nothing waits for you.</p>");
        } else {
            html.append("<ul class=\"reasons\" id=\"reasons\">");
            for (String reason : verdict.reasons()) {
                html.append("<li>").append(esc(reason)).append("</li>");
            }
            html.append("</ul>");
        }
        html.append("<div class=\"meta\">updated ").append(TIME.format(snapshot.takenAt())).append(" UTC · up ")
                .append(esc(Format.duration(snapshot.uptime()))).append(" · refreshes every ")
                .append(REFRESH.toSeconds()).append(" s</div></div></header>\n");
    }

    private static void dependencies(StringBuilder html, List<Signal> signals) {
        if (signals.isEmpty()) {
            return;
        }
        html.append("<section><h2>Dependencies</h2><div class=\"cards\" id=\"dependencies\">");
        for (Signal signal : signals) {
            String health = signal.health().label();
            html.append("<div class=\"card ").append(health).append("\" data-health=\"").append(health).append("\">")
                    .append("<div class=\"name\">").append(esc(signal.name())).append(" <span class=\"badge ")
                    .append(health).append("\">").append(health).append("</span></div>")
                    .append("<div class=\"detail\">").append(esc(signal.detail())).append("</div></div>");
        }
        html.append("</div></section>\n");
    }

    private static void shards(StringBuilder html, List<ShardRow> shards) {
        if (shards.isEmpty()) {
            return;
        }
        long ready = shards.stream().filter(s -> s.health() == Health.HEALTHY).count();
        html.append("<section><h2>Shards<span class=\"sub\">").append(ready).append(" of ").append(shards.size())
                .append(" healthy</span></h2><table id=\"shards\"><thead><tr><th class=\"n\">Shard</th><th>State</th>")
                .append("<th class=\"n\">Last event</th><th class=\"n\">Heartbeat round trip</th>")
                .append("<th class=\"n\">Awaiting broker</th><th>Note</th></tr></thead><tbody>");
        for (ShardRow shard : shards) {
            String health = shard.health().label();
            html.append("<tr class=\"").append(health).append("\" data-shard=\"").append(shard.shard())
                    .append("\" data-health=\"").append(health).append("\"><td class=\"n\">").append(shard.shard())
                    .append("</td><td><span class=\"badge ").append(health).append("\">").append(esc(shard.state()))
                    .append("</span></td><td class=\"n\">")
                    .append(shard.lastEventAge() == null ? "—" : esc(Format.duration(shard.lastEventAge())) + " ago")
                    .append("</td><td class=\"n\">").append(esc(Format.duration(shard.heartbeatRtt())))
                    .append("</td><td class=\"n\">").append(esc(Format.number(shard.held())))
                    .append("</td><td>").append(esc(shard.note())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private static void figures(StringBuilder html, List<Figure> figures) {
        if (figures.isEmpty()) {
            return;
        }
        html.append("<section><h2>Traffic</h2><div class=\"tiles\" id=\"figures\">");
        for (Figure figure : figures) {
            String health = figure.health().label();
            html.append("<div class=\"tile ").append(health).append("\" data-health=\"").append(health).append("\">")
                    .append("<div class=\"num\">").append(esc(Format.figure(figure))).append("</div>")
                    .append("<div class=\"label\">").append(esc(figure.name())).append("</div>")
                    .append("<div class=\"note\">").append(esc(figure.note())).append("</div></div>");
        }
        html.append("</div></section>\n");
    }

    private static void queues(StringBuilder html, List<QueueRow> queues) {
        if (queues.isEmpty()) {
            return;
        }
        html.append("<section><h2>Queues</h2><table id=\"queues\"><thead><tr><th>Queue</th><th class=\"n\">Messages</th>")
                .append("<th class=\"n\">Consumers</th><th>Note</th></tr></thead><tbody>");
        for (QueueRow queue : queues) {
            String health = queue.health().label();
            html.append("<tr class=\"").append(health).append("\" data-health=\"").append(health).append("\"><td>")
                    .append(esc(queue.queue())).append("</td><td class=\"n\">").append(esc(Format.count(queue.messages())))
                    .append("</td><td class=\"n\">").append(esc(Format.count(queue.consumers())))
                    .append("</td><td>").append(esc(queue.note())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private static void problems(StringBuilder html, List<LogLine> lines) {
        html.append("<section><h2>Last warnings and errors</h2>");
        if (lines.isEmpty()) {
            html.append("<p class=\"none\" id=\"problems\">None since the process started.</p></section>\n");
            return;
        }
        html.append("<table id=\"problems\"><thead><tr><th class=\"n\">Time</th><th>Level</th><th>Logger</th><th>Message</th>")
                .append("</tr></thead><tbody>");
        for (LogLine line : lines) {
            html.append("<tr><td class=\"n\">").append(TIME.format(line.at()))
                    .append(line.repeats() > 1 ? " <span class=\"muted\">×" + line.repeats() + "</span>" : "")
                    .append("</td><td><span class=\"badge ").append(esc(line.level())).append("\">").append(esc(line.level()))
                    .append("</span></td><td class=\"muted\">").append(esc(line.logger())).append("</td><td class=\"msg\">")
                    .append(esc(line.message())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    /** HTML-escapes text for element content and double-quoted attributes. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
