package community.arrakis.gatewayproxy.simulator.load;

import community.arrakis.gatewayproxy.simulator.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a load run. {@code answered} got an accepted callback; {@code errors} got a
 * callback Discord would reject (other than too late); {@code expired} answered after the 3 s
 * window; {@code lost} were never answered within the grace period; {@code undelivered} found no
 * session to go to. Latency runs from the dispatch being handed to the gateway to the bot's callback
 * arriving at the REST API, in microseconds.
 */
public record LoadReport(long sent, long undelivered, long answered, long errors, long expired, long lost,
                         double seconds, Histogram latencyMicros) {
    public double dispatchRate() {
        return seconds == 0 ? 0 : sent / seconds;
    }

    public long percentileMicros(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile);
    }

    public ObjectNode toJson() {
        ObjectNode node = Json.object().put("sent", sent).put("undelivered", undelivered).put("answered", answered)
                .put("errors", errors).put("expired", expired).put("lost", lost).put("seconds", seconds)
                .put("dispatch_rate", Math.round(dispatchRate()));
        node.putObject("latency_ms").put("p50", millis(50)).put("p90", millis(90)).put("p99", millis(99))
                .put("p999", millis(99.9)).put("max", latencyMicros.getMaxValue() / 1000.0)
                .put("count", latencyMicros.getTotalCount());
        return node;
    }

    public String toTable() {
        return String.format(Locale.ROOT, """
                | sent | undelivered | answered | errors | expired | lost | dispatch/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |
                |-----:|------------:|---------:|-------:|--------:|-----:|-----------:|-------:|-------:|-------:|---------:|-------:|
                | %d | %d | %d | %d | %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f |""",
                sent, undelivered, answered, errors, expired, lost, dispatchRate(), millis(50), millis(90), millis(99),
                millis(99.9), latencyMicros.getMaxValue() / 1000.0);
    }

    private double millis(double percentile) {
        return percentileMicros(percentile) / 1000.0;
    }
}
