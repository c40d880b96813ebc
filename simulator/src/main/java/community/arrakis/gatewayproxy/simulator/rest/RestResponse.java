package community.arrakis.gatewayproxy.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** What a route answers: a status, a JSON body or none (204), and extra headers. */
public record RestResponse(int status, JsonNode body, Map<String, String> headers) {
    public RestResponse {
        headers = Map.copyOf(headers);
    }

    public static RestResponse json(int status, JsonNode body) {
        return new RestResponse(status, body, Map.of());
    }

    public static RestResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static RestResponse noContent() {
        return new RestResponse(204, null, Map.of());
    }
}
