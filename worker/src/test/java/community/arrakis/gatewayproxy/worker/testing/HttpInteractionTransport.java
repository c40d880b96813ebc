package community.arrakis.gatewayproxy.worker.testing;

import community.arrakis.gatewayproxy.discord.rest.CallDeadline;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.worker.dispatch.InteractionTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Sends interaction answers over HTTP with the JDK client, for integration tests while
 * {@code DiscordRestClient} is still a skeleton. Production uses
 * {@link community.arrakis.gatewayproxy.worker.dispatch.RestInteractionTransport}.
 */
public final class HttpInteractionTransport implements InteractionTransport {

    private final HttpClient http = HttpClient.newHttpClient();
    private final URI apiBase;

    public HttpInteractionTransport(URI apiBase) {
        this.apiBase = apiBase;
    }

    @Override
    public void callback(String interactionId, String token, String json, CallDeadline deadline) {
        send("POST", "/interactions/" + interactionId + "/" + token + "/callback", json);
    }

    @Override
    public String followUp(String applicationId, String token, String json) {
        return send("POST", "/webhooks/" + applicationId + "/" + token, json);
    }

    @Override
    public String editOriginal(String applicationId, String token, String json) {
        return send("PATCH", "/webhooks/" + applicationId + "/" + token + "/messages/@original", json);
    }

    @Override
    public void deleteOriginal(String applicationId, String token) {
        send("DELETE", "/webhooks/" + applicationId + "/" + token + "/messages/@original", null);
    }

    private String send(String method, String path, String json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new DiscordRestException("HTTP " + response.statusCode(), response.statusCode(), 0, method + " " + path,
                        response.statusCode() >= 500 || response.statusCode() == 429);
            }
            return response.body();
        } catch (IOException e) {
            throw new DiscordRestException("no answer", method, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscordRestException("interrupted", method, e);
        }
    }
}
