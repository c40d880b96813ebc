package community.arrakis.gatewayproxy.simulator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What a route answers: a status, a JSON body, an HTML page ({@code html}, what Cloudflare in front
 * of Discord sends for its own errors) or neither (204), and extra headers.
 */
public record RestResponse(int status, JsonNode body, String html, Map<String, String> headers) {
    public RestResponse {
        if (body != null && html != null) {
            throw new IllegalArgumentException("a response has a JSON body or an HTML page, not both");
        }
        headers = Map.copyOf(headers);
    }

    public RestResponse(int status, JsonNode body, Map<String, String> headers) {
        this(status, body, null, headers);
    }

    public static RestResponse json(int status, JsonNode body) {
        return new RestResponse(status, body, Map.of());
    }

    public static RestResponse html(int status, String page, Map<String, String> headers) {
        return new RestResponse(status, null, page, headers);
    }

    public static RestResponse ok(JsonNode body) {
        return json(200, body);
    }

    public static RestResponse noContent() {
        return new RestResponse(204, null, Map.of());
    }
}
