package community.arrakis.gatewayproxy.worker.migration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One Discord write as a side of a migration made it (or, for the shadow, would have made it).
 *
 * @param eventKey         the {@link EventKey} of the event being handled; {@code unknown} outside one
 * @param eventType        the envelope's event type, e.g. {@code interaction.command.ping}
 * @param method           HTTP method
 * @param route            the route template, never the path (which may carry a token)
 * @param body             the body, normalised ({@link JsonNormaliser}); empty when none
 * @param status           Discord's final status; 0 for the shadow (not sent) or no answer
 * @param callMillis       the REST call's own length (0 for the shadow)
 * @param sinceEventMillis from the gateway's delivery of the event to the end of the write
 * @param atMillis         when it was recorded
 */
public record WriteRecord(String eventKey, String eventType, String method, String route, String body, int status,
                          double callMillis, long sinceEventMillis, long atMillis) {

    /** What two sides must agree on for a write to match. */
    public String comparable() {
        return method + " " + route + " " + body;
    }

    Map<String, String> toFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", eventKey);
        fields.put("type", eventType);
        fields.put("method", method);
        fields.put("route", route);
        fields.put("body", body);
        fields.put("status", Integer.toString(status));
        fields.put("callMs", Double.toString(callMillis));
        fields.put("sinceEventMs", Long.toString(sinceEventMillis));
        fields.put("at", Long.toString(atMillis));
        return fields;
    }

    static WriteRecord fromFields(Map<String, String> f) {
        return new WriteRecord(f.getOrDefault("key", "unknown"), f.getOrDefault("type", "unknown"),
                f.getOrDefault("method", ""), f.getOrDefault("route", ""), f.getOrDefault("body", ""),
                Integer.parseInt(f.getOrDefault("status", "0")), Double.parseDouble(f.getOrDefault("callMs", "0")),
                Long.parseLong(f.getOrDefault("sinceEventMs", "0")), Long.parseLong(f.getOrDefault("at", "0")));
    }
}
