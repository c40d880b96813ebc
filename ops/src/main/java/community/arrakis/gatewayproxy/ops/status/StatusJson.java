package community.arrakis.gatewayproxy.ops.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /status.json}: the status page's content for scripts. Field names are a contract
 * (docs/runbook.md shows them): health values are {@code healthy}, {@code degraded}, {@code down};
 * times are ISO-8601 UTC; durations are whole milliseconds in fields ending {@code Ms}; a figure
 * the process could not get is {@code null}.
 */
public final class StatusJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    public static byte[] render(StatusSnapshot snapshot) {
        try {
            return JSON.writeValueAsBytes(tree(snapshot));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status snapshot could not be written as JSON", e);
        }
    }

    static Map<String, Object> tree(StatusSnapshot snapshot) {
        Verdict verdict = snapshot.verdict();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("process", snapshot.process());
        root.put("instance", snapshot.instance());
        root.put("takenAt", snapshot.takenAt().toString());
        root.put("startedAt", snapshot.startedAt().toString());
        root.put("uptimeMs", snapshot.uptime().toMillis());
        Map<String, Object> verdictTree = new LinkedHashMap<>();
        verdictTree.put("health", verdict.health().label());
        verdictTree.put("reasons", verdict.reasons());
        root.put("verdict", verdictTree);
        root.put("dependencies", snapshot.dependencies().stream().map(StatusJson::signal).toList());
        root.put("shards", snapshot.shards().stream().map(StatusJson::shard).toList());
        root.put("figures", snapshot.figures().stream().map(StatusJson::figure).toList());
        root.put("queues", snapshot.queues().stream().map(StatusJson::queue).toList());
        root.put("recentProblems", snapshot.recentProblems().stream().map(StatusJson::line).toList());
        return root;
    }

    private static Map<String, Object> signal(Signal signal) {
        return ordered("name", signal.name(), "health", signal.health().label(), "detail", signal.detail());
    }

    private static Map<String, Object> shard(ShardRow shard) {
        return ordered("shard", shard.shard(), "state", shard.state(), "health", shard.health().label(),
                "lastEventAgeMs", millis(shard.lastEventAge()), "heartbeatRttMs", millis(shard.heartbeatRtt()),
                "held", shard.held(), "note", shard.note());
    }

    private static Map<String, Object> figure(Figure figure) {
        return ordered("name", figure.name(), "value", figure.value(), "unit", figure.unit(),
                "health", figure.health().label(), "note", figure.note());
    }

    private static Map<String, Object> queue(QueueRow queue) {
        return ordered("queue", queue.queue(), "messages", queue.messages(), "consumers", queue.consumers(),
                "health", queue.health().label(), "note", queue.note());
    }

    private static Map<String, Object> line(LogLine line) {
        return ordered("at", line.at().toString(), "level", line.level(), "logger", line.logger(),
                "message", line.message(), "repeats", line.repeats());
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
