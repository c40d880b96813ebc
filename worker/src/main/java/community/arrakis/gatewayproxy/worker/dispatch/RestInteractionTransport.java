package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.discord.rest.DeadlinePassedException;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.discord.rest.route.Route;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers interactions through the shared {@link DiscordRestClient}, counting calls by route and status. */
public final class RestInteractionTransport implements InteractionTransport {

    private static final String CALLBACK = "POST /interactions/{id}/{token}/callback";
    private static final String FOLLOW_UP = "POST /webhooks/{application}/{token}";
    private static final String EDIT = "PATCH /webhooks/{application}/{token}/messages/@original";
    private static final String DELETE = "DELETE /webhooks/{application}/{token}/messages/@original";
    private static final String GET = "GET /webhooks/{application}/{token}/messages/@original";
    private static final Route GET_ORIGINAL_RESPONSE =
            new Route("GET", "/webhooks/{application_id}/{token}/messages/@original", false);
    private static final int UNKNOWN_MESSAGE = 10008;

    private final DiscordRestClient rest;
    private final WorkerMetrics metrics;

    public RestInteractionTransport(DiscordRestClient rest, WorkerMetrics metrics) {
        this.rest = rest;
        this.metrics = metrics;
    }

    @Override
    public void callback(String interactionId, String token, String json) {
        counted(CALLBACK, 204, () -> {
            rest.createInteractionResponse(interactionId, token, json);
            return null;
        });
    }

    @Override
    public void callback(String interactionId, String token, String json, Instant sendBy) {
        counted(CALLBACK, 204, () -> {
            rest.createInteractionResponse(interactionId, token, json, sendBy);
            return null;
        });
    }

    @Override
    public String followUp(String applicationId, String token, String json) {
        return counted(FOLLOW_UP, 200, () -> rest.createFollowupMessage(applicationId, token, json));
    }

    @Override
    public String editOriginal(String applicationId, String token, String json) {
        return counted(EDIT, 200, () -> rest.editOriginalResponse(applicationId, token, json));
    }

    @Override
    public void deleteOriginal(String applicationId, String token) {
        counted(DELETE, 204, () -> {
            rest.deleteOriginalResponse(applicationId, token);
            return null;
        });
    }

    @Override
    public Optional<String> originalMessage(String applicationId, String token) {
        try {
            return Optional.ofNullable(counted(GET, 200,
                    () -> rest.execute(GET_ORIGINAL_RESPONSE.compile(applicationId, token), null, null)));
        } catch (DiscordRestException e) {
            if (e.status() == 404 || e.code() == UNKNOWN_MESSAGE) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private <T> T counted(String route, int successStatus, Supplier<T> call) {
        try {
            T result = call.get();
            metrics.restCall(route, successStatus);
            return result;
        } catch (DeadlinePassedException e) {
            throw e; // not sent: no call to count
        } catch (DiscordRestException e) {
            metrics.restCall(route, e.status());
            throw e;
        }
    }
}
