package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Map;

/** One incoming REST request as route handlers see it. Header names are lower case. */
public record RestCall(String method, String path, String route, Map<String, String> pathParams,
                       Map<String, String> headers, Map<String, String> query, String body,
                       long receivedNanos) {
    public String param(String name) {
        return pathParams.get(name);
    }

    public JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        JsonNode node = Json.parseOrNull(body);
        return node == null ? MissingNode.getInstance() : node;
    }

    public boolean jsonBodyIsMalformed() {
        return body != null && !body.isBlank() && Json.parseOrNull(body) == null;
    }
}
