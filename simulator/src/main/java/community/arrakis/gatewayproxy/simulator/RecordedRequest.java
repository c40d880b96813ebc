package community.arrakis.gatewayproxy.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One REST request the simulator answered. {@code route} is the template, e.g.
 * {@code /interactions/{interaction_id}/{interaction_token}/callback}; {@code headers} has the
 * Authorization value redacted; header names are lower case.
 */
public record RecordedRequest(String method, String path, String route, Map<String, String> pathParams,
                              Map<String, String> headers, String body, int status, String responseBody,
                              Instant receivedAt, Instant respondedAt) {
    public RecordedRequest {
        pathParams = Map.copyOf(pathParams);
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    public Optional<String> pathParam(String name) {
        return Optional.ofNullable(pathParams.get(name));
    }

    public boolean is(String expectedMethod, String expectedRoute) {
        return method.equals(expectedMethod) && route.equals(expectedRoute);
    }

    @Override
    public String toString() {
        // Paths carry interaction tokens; the template is what is safe to print.
        return method + " " + route + " -> " + status;
    }
}
