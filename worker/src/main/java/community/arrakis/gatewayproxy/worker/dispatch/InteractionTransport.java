package community.arrakis.gatewayproxy.worker.dispatch;

/**
 * The four REST calls that answer an interaction. A seam because answering is what the clock
 * logic decides about: production sends through {@link RestInteractionTransport}; a shadow worker
 * could record instead of sending.
 */
public interface InteractionTransport {

    /** {@code POST /interactions/{id}/{token}/callback} with {@code {type, data?}}. */
    void callback(String interactionId, String token, String json);

    /** {@code POST /webhooks/{application}/{token}}; returns the message JSON. */
    String followUp(String applicationId, String token, String json);

    /** {@code PATCH /webhooks/{application}/{token}/messages/@original}. */
    String editOriginal(String applicationId, String token, String json);

    /** {@code DELETE /webhooks/{application}/{token}/messages/@original}. */
    void deleteOriginal(String applicationId, String token);
}
