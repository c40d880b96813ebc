package community.arrakis.gatewayproxy.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HttpClient bound to a simulator's API base URL, for tests. */
final class RestTestClient {
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI base;
    private final String authorization;

    RestTestClient(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static RestTestClient bot(DiscordSimulator simulator) {
        return new RestTestClient(simulator.apiBaseUrl(), "Bot " + simulator.config().botToken());
    }

    static RestTestClient anonymous(DiscordSimulator simulator) {
        return new RestTestClient(simulator.apiBaseUrl(), null);
    }

    HttpResponse<String> send(String method, String path, String jsonBody, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("User-Agent", "DiscordBot (https://example.invalid, 1.0)")
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody));
        if (jsonBody != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null);
    }

    HttpResponse<String> post(String path, String json) {
        return send("POST", path, json);
    }
}
