package community.arrakis.gatewayproxy.worker.testing;

import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.worker.dispatch.InteractionTransport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Records what the dispatcher decided to send, for unit tests of the clock logic (which answer,
 * when). It proves nothing about HTTP; the integration tests send over real sockets.
 */
public final class RecordingTransport implements InteractionTransport {

    /** One call: {@code kind} is callback, followUp, editOriginal or deleteOriginal. */
    public record Call(String kind, String id, String token, String json) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicReference<DiscordRestException> nextCallbackFailure = new AtomicReference<>();
    private final AtomicReference<String> original = new AtomicReference<>();
    private final List<Instant> sendBys = new CopyOnWriteArrayList<>();

    public List<Call> calls() {
        return calls;
    }

    /** The deadlines first answers were given, in order (whether or not they were sent). */
    public List<Instant> sendBys() {
        return sendBys;
    }

    public void failNextCallback(DiscordRestException failure) {
        nextCallbackFailure.set(failure);
    }

    /** What {@link #originalMessage} returns from now on: an earlier try's answer, or null for none. */
    public void originalMessageIs(String messageJson) {
        original.set(messageJson);
    }

    @Override
    public Optional<String> originalMessage(String applicationId, String token) {
        calls.add(new Call("getOriginal", applicationId, token, null));
        return Optional.ofNullable(original.get());
    }

    @Override
    public void callback(String interactionId, String token, String json, Instant sendBy) {
        sendBys.add(sendBy);
        callback(interactionId, token, json);
    }

    @Override
    public void callback(String interactionId, String token, String json) {
        DiscordRestException failure = nextCallbackFailure.getAndSet(null);
        if (failure != null) {
            throw failure;
        }
        calls.add(new Call("callback", interactionId, token, json));
    }

    @Override
    public String followUp(String applicationId, String token, String json) {
        calls.add(new Call("followUp", applicationId, token, json));
        return "{\"id\":\"1\"}";
    }

    @Override
    public String editOriginal(String applicationId, String token, String json) {
        calls.add(new Call("editOriginal", applicationId, token, json));
        return "{\"id\":\"1\"}";
    }

    @Override
    public void deleteOriginal(String applicationId, String token) {
        calls.add(new Call("deleteOriginal", applicationId, token, null));
    }
}
