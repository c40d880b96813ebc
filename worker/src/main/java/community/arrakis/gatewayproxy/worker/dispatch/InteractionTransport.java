package community.arrakis.gatewayproxy.worker.dispatch;

import community.arrakis.gatewayproxy.discord.rest.DeadlinePassedException;
import java.time.Instant;
import java.util.Optional;

/**
 * The REST calls that answer an interaction, and the one that reads the answer back. A seam because answering is what the clock
 * logic decides about: production sends through {@link RestInteractionTransport}; a shadow worker
 * could record instead of sending.
 */
public interface InteractionTransport {

    /** {@code POST /interactions/{id}/{token}/callback} with {@code {type, data?}}. */
    void callback(String interactionId, String token, String json);

    /**
     * The same, sent only if it leaves before {@code sendBy} (checked as it leaves, after any wait):
     * a first answer that reaches Discord after its 3 s is refused. Throws {@link
     * DeadlinePassedException} when it did not leave. By default sent without the check, for
     * transports that send nothing anywhere.
     */
    default void callback(String interactionId, String token, String json, Instant sendBy) {
        callback(interactionId, token, json);
    }

    /** {@code POST /webhooks/{application}/{token}}; returns the message JSON. */
    String followUp(String applicationId, String token, String json);

    /** {@code PATCH /webhooks/{application}/{token}/messages/@original}. */
    String editOriginal(String applicationId, String token, String json);

    /** {@code DELETE /webhooks/{application}/{token}/messages/@original}. */
    void deleteOriginal(String applicationId, String token);

    /**
     * {@code GET /webhooks/{application}/{token}/messages/@original}: the message the first answer
     * created (type 4, or the loading message of type 5), empty when there is none (10008). Asked
     * only when taking an application command over from a crashed worker, to learn whether that
     * worker answered before it died. The default does not know and says none, so the handler runs
     * again and a repeated first answer is refused by Discord (40060) and ignored.
     */
    default Optional<String> originalMessage(String applicationId, String token) {
        return Optional.empty();
    }
}
