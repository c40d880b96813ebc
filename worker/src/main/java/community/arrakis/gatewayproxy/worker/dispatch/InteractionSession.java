package community.arrakis.gatewayproxy.worker.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.discord.rest.SendDeadlinePassedException;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.routing.RoutingKeys;
import community.arrakis.gatewayproxy.worker.handler.Choice;
import community.arrakis.gatewayproxy.worker.handler.CommandOptions;
import community.arrakis.gatewayproxy.worker.handler.InteractionContext;
import community.arrakis.gatewayproxy.worker.handler.InteractionExpiredException;
import community.arrakis.gatewayproxy.worker.handler.Modal;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.state.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One interaction being handled: the {@link InteractionContext} a handler sees, and the state
 * machine that turns its calls into the right REST call for the moment.
 *
 * <pre>
 * state        reply()                     defer()        update()          followUp/edit/delete
 * UNANSWERED   callback 4 → ANSWERED       callback 5|6   callback 7        refused (answer first)
 * DEFERRED     edit @original (5) or       no-op          edit @original    as asked
 *              follow-up (6) → ANSWERED
 * ANSWERED     follow-up                   no-op          edit @original    as asked
 * </pre>
 *
 * The automatic defer ({@link #autoDefer()}) takes the same lock as the handler's first answer,
 * so exactly one first callback is ever sent. A first callback that Discord refuses with 40060
 * ("already acknowledged") means an earlier try (a crashed worker, a redelivery) answered it: the
 * session counts as answered and sends nothing more for that call. 10062 ("unknown interaction")
 * means the 3 s ran out on Discord's side: {@link InteractionExpiredException}.
 */
final class InteractionSession implements InteractionContext {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionSession.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EPHEMERAL = 1 << 6;
    private static final int LOADING = 1 << 7;
    /** What a loading message becomes when its handler failed for good (see {@link #failed()}). */
    static final String FAILURE_TEXT = "Sorry, something went wrong while handling this. Please try again.";
    private static final int UNKNOWN_INTERACTION = 10062;
    private static final int ALREADY_ACKNOWLEDGED = 40060;

    enum Kind { COMMAND, COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT }

    private enum State { UNANSWERED, DEFERRED, ANSWERED }

    private final Envelope envelope;
    private final InteractionDeadline deadline;
    private final InteractionTransport transport;
    private final DiscordRestClient rest;
    private final StateStore state;
    private final Clock clock;
    private final WorkerMetrics metrics;
    private final Kind kind;
    private final ReentrantLock lock = new ReentrantLock();

    private State current = State.UNANSWERED;
    /**
     * The REST client gave up on a first answer because the deadline came (see {@link #sendFirst}):
     * no other first answer may be tried, the automatic defer included. That defer is often waiting
     * for the lock while the failing answer holds it; with the last few milliseconds of the window it
     * could still get a loading message through, which nobody would ever finish.
     */
    private boolean firstAnswerAbandoned;
    private boolean autoDeferred;
    private boolean latencyRecorded;
    private JsonNode payload;
    private CommandOptions options;

    InteractionSession(Envelope envelope, InteractionDeadline deadline, InteractionTransport transport,
                       DiscordRestClient rest, StateStore state, Clock clock, WorkerMetrics metrics) {
        this.envelope = envelope;
        this.deadline = deadline;
        this.transport = transport;
        this.rest = rest;
        this.state = state;
        this.clock = clock;
        this.metrics = metrics;
        this.kind = kindOf(envelope);
    }

    static Kind kindOf(Envelope envelope) {
        return switch (envelope.eventType()) {
            case RoutingKeys.BUTTON, RoutingKeys.SELECT -> Kind.COMPONENT;
            case RoutingKeys.AUTOCOMPLETE -> Kind.AUTOCOMPLETE;
            case RoutingKeys.MODAL -> Kind.MODAL_SUBMIT;
            default -> Kind.COMMAND;
        };
    }

    Kind kind() {
        return kind;
    }

    // --- the automatic defer and what the dispatcher needs to know ---

    /** Sends a defer if nothing was answered yet; called by the deadline timer. */
    void autoDefer() {
        if (kind == Kind.AUTOCOMPLETE) {
            return;
        }
        lock.lock();
        try {
            if (current != State.UNANSWERED || firstAnswerAbandoned || !deadline.firstResponsePossible(clock.millis())) {
                return;
            }
            if (sendFirst(deferBody(false))) {
                current = State.DEFERRED;
                autoDeferred = true;
                metrics.autoDeferred();
            } else if (loadingLeftByAnother()) {
                current = State.DEFERRED; // the ingestor's defer got there first: the reply finishes it
            }
        } catch (RuntimeException e) {
            LOG.warn("automatic defer failed: {}", FailureClassifier.describe(e));
        } finally {
            lock.unlock();
        }
    }

    /** The ingestor answered Discord with a deferred response already: the handler's reply finishes it. */
    void deferredElsewhere() {
        lock.lock();
        try {
            current = State.DEFERRED;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Taking over from a worker that died mid-interaction: asks Discord what that worker's try
     * already sent, so that nothing is answered twice. Application commands only: their first answer
     * (type 4 or 5) creates the {@code @original} message, so its absence means nothing was sent
     * (or the answer was a modal). A component's {@code @original} is the message it sits on, which
     * says nothing about an answer; those, and anything unknown, fall back to running the handler,
     * where a repeated first answer is refused (40060) and ignored.
     *
     * @return true when the earlier try answered for good: nothing is left to do. False when nothing
     *         was answered, or only a loading message (type 5) was sent: then this session starts
     *         as deferred, so the handler's reply finishes the loading message
     */
    boolean answeredByEarlierTry() {
        if (kind != Kind.COMMAND) {
            return false;
        }
        lock.lock();
        try {
            Optional<String> original = transport.originalMessage(applicationId(), token());
            if (original.isEmpty()) {
                return false;
            }
            if ((JSON.readTree(original.get()).path("flags").asInt() & LOADING) != 0) {
                current = State.DEFERRED;
                return false;
            }
            current = State.ANSWERED;
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.info("could not read back the earlier answer ({}); running the handler", FailureClassifier.describe(e));
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The handler failed for good. A command or modal submit that was deferred (automatically or by
     * the handler) shows a loading message until Discord gives up after 15 min; it becomes
     * {@link #FAILURE_TEXT} instead. Nothing is sent when nothing was deferred (Discord shows its own
     * "interaction failed"), after a final answer, or for components (their deferral has no loading
     * message). Never throws: the failure is already being reported.
     */
    void failed() {
        if (kind != Kind.COMMAND && kind != Kind.MODAL_SUBMIT) {
            return;
        }
        lock.lock();
        try {
            if (current != State.DEFERRED || !deadline.tokenValid(clock.millis())) {
                return;
            }
            transport.editOriginal(applicationId(), token(), message(FAILURE_TEXT, false).toString());
            current = State.ANSWERED;
        } catch (RuntimeException e) {
            LOG.warn("could not replace the loading message with the error text: {}", FailureClassifier.describe(e));
        } finally {
            lock.unlock();
        }
    }

    boolean autoDeferred() {
        lock.lock();
        try {
            return autoDeferred;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether running the handler again could still do good without a second effect: only when
     * nothing final was sent, and Discord's clock still allows an answer.
     */
    boolean retryPossible() {
        lock.lock();
        try {
            long now = clock.millis();
            return switch (current) {
                case UNANSWERED -> kind != Kind.AUTOCOMPLETE && !firstAnswerAbandoned && deadline.firstResponsePossible(now);
                case DEFERRED -> deadline.tokenValid(now);
                case ANSWERED -> false;
            };
        } finally {
            lock.unlock();
        }
    }

    // --- who and where ---

    @Override
    public String interactionId() {
        return envelope.interactionId();
    }

    @Override
    public String applicationId() {
        return envelope.applicationId();
    }

    @Override
    public String guildId() {
        return envelope.guildId();
    }

    @Override
    public String channelId() {
        return envelope.channelId();
    }

    @Override
    public String userId() {
        return envelope.userId();
    }

    @Override
    public String eventType() {
        return envelope.eventType();
    }

    @Override
    public int interactionType() {
        String type = envelope.data().get("interactionType");
        return type == null ? payload().path("type").asInt() : Integer.parseInt(type);
    }

    @Override
    public String commandName() {
        String name = envelope.data().get("commandName");
        return name != null ? name : textOrNull(payload().path("data").path("name"));
    }

    @Override
    public String customId() {
        String id = envelope.data().get("customId");
        return id != null ? id : textOrNull(payload().path("data").path("custom_id"));
    }

    @Override
    public List<String> values() {
        List<String> values = new ArrayList<>();
        payload().path("data").path("values").forEach(v -> values.add(v.asText()));
        return List.copyOf(values);
    }

    /**
     * Reads both layouts: Label-wrapped inputs ({@code {type:18, component:{custom_id, value}}})
     * and the older action rows ({@code {type:1, components:[{custom_id, value}]}}).
     */
    @Override
    public Map<String, String> modalValues() {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode top : payload().path("data").path("components")) {
            if (top.has("component")) {
                collectInput(top.get("component"), values);
            }
            for (JsonNode inner : top.path("components")) {
                collectInput(inner, values);
            }
        }
        return Map.copyOf(values);
    }

    private static void collectInput(JsonNode input, Map<String, String> values) {
        if (input.has("custom_id") && input.has("value")) {
            values.put(input.get("custom_id").asText(), input.get("value").asText());
        }
    }

    @Override
    public CommandOptions options() {
        if (options == null) {
            options = CommandOptions.from(payload().path("data"));
        }
        return options;
    }

    @Override
    public JsonNode payload() {
        if (payload == null) {
            payload = EnvelopeCodec.payloadTree(envelope);
        }
        return payload;
    }

    // --- answering ---

    @Override
    public void reply(String content) {
        answer(message(content, false), false);
    }

    @Override
    public void replyEphemeral(String content) {
        answer(message(content, true), true);
    }

    @Override
    public void replyJson(String messageJson) {
        ObjectNode message = parse(messageJson);
        answer(message, (message.path("flags").asInt() & EPHEMERAL) != 0);
    }

    private void answer(ObjectNode message, boolean ephemeral) {
        lock.lock();
        try {
            switch (current) {
                case UNANSWERED -> {
                    requireFirstResponseWindow();
                    if (sendFirst(callback(4, message))) {
                        current = State.ANSWERED;
                    } else if (loadingLeftByAnother()) {
                        // The ingestor deferred it while the broker was away (or a crashed try did):
                        // finish the loading message instead of dropping the answer.
                        message.remove("flags");
                        transport.editOriginal(applicationId(), token(), message.toString());
                        current = State.ANSWERED;
                    } else {
                        LOG.info("interaction was already answered by an earlier try; not answering again");
                    }
                }
                case DEFERRED -> {
                    requireTokenValid();
                    if (kind == Kind.COMPONENT) {
                        transport.followUp(applicationId(), token(), message.toString());
                    } else {
                        if (ephemeral && autoDeferred) {
                            LOG.debug("ephemeral reply after an automatic (public) defer stays public");
                        }
                        message.remove("flags");
                        transport.editOriginal(applicationId(), token(), message.toString());
                    }
                    current = State.ANSWERED;
                }
                case ANSWERED -> {
                    requireTokenValid();
                    transport.followUp(applicationId(), token(), message.toString());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * After a 40060 on a first answer: whether what acknowledged the interaction was a defer whose
     * loading message still waits (commands and modal submits; a component's deferral leaves none).
     * Call with the lock held.
     */
    private boolean loadingLeftByAnother() {
        if (kind != Kind.COMMAND && kind != Kind.MODAL_SUBMIT) {
            return false;
        }
        try {
            Optional<String> original = transport.originalMessage(applicationId(), token());
            return original.isPresent() && (JSON.readTree(original.get()).path("flags").asInt() & LOADING) != 0;
        } catch (IOException | RuntimeException e) {
            LOG.info("could not read back the earlier answer ({}); not answering again", FailureClassifier.describe(e));
            return false;
        }
    }

    @Override
    public void defer() {
        deferOnce(false);
    }

    @Override
    public void deferEphemeral() {
        deferOnce(true);
    }

    private void deferOnce(boolean ephemeral) {
        if (kind == Kind.AUTOCOMPLETE) {
            throw new IllegalStateException("autocomplete cannot be deferred; answer with suggest() within 3 s");
        }
        lock.lock();
        try {
            if (current == State.UNANSWERED) {
                requireFirstResponseWindow();
                if (sendFirst(deferBody(ephemeral)) || loadingLeftByAnother()) {
                    current = State.DEFERRED;
                } else {
                    current = State.ANSWERED;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void update(String messageJson) {
        if (kind != Kind.COMPONENT) {
            throw new IllegalStateException("update() answers components only; this is " + envelope.eventType());
        }
        lock.lock();
        try {
            if (current == State.UNANSWERED) {
                requireFirstResponseWindow();
                sendFirst(callback(7, parse(messageJson)));
                current = State.ANSWERED;
            } else {
                requireTokenValid();
                transport.editOriginal(applicationId(), token(), messageJson);
                current = State.ANSWERED;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String followUp(String content) {
        return followUpJson(message(content, false).toString());
    }

    @Override
    public String followUpJson(String messageJson) {
        lock.lock();
        try {
            requireAnswered("followUp");
            requireTokenValid();
            return transport.followUp(applicationId(), token(), messageJson);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String editOriginal(String content) {
        lock.lock();
        try {
            requireAnswered("editOriginal");
            requireTokenValid();
            String result = transport.editOriginal(applicationId(), token(), message(content, false).toString());
            current = State.ANSWERED;
            return result;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void deleteOriginal() {
        lock.lock();
        try {
            requireAnswered("deleteOriginal");
            requireTokenValid();
            transport.deleteOriginal(applicationId(), token());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void openModal(Modal modal) {
        if (kind == Kind.MODAL_SUBMIT || kind == Kind.AUTOCOMPLETE) {
            throw new IllegalStateException("a modal cannot answer " + envelope.eventType());
        }
        lock.lock();
        try {
            if (current != State.UNANSWERED) {
                throw new IllegalStateException("a modal must be the first answer; this interaction was already answered or deferred");
            }
            requireFirstResponseWindow();
            sendFirst(callback(9, parse(modal.toJson())));
            current = State.ANSWERED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void suggest(List<Choice> choices) {
        if (kind != Kind.AUTOCOMPLETE) {
            throw new IllegalStateException("suggest() answers autocomplete only; this is " + envelope.eventType());
        }
        if (choices.size() > 25) {
            throw new IllegalArgumentException("at most 25 choices, got " + choices.size());
        }
        ObjectNode data = JSON.createObjectNode();
        ArrayNode array = data.putArray("choices");
        for (Choice choice : choices) {
            ObjectNode c = array.addObject().put("name", choice.name());
            if (choice.value() instanceof Number n) {
                c.putPOJO("value", n);
            } else {
                c.put("value", (String) choice.value());
            }
        }
        lock.lock();
        try {
            if (current != State.UNANSWERED) {
                throw new IllegalStateException("suggest() was already called");
            }
            requireFirstResponseWindow();
            sendFirst(callback(8, data));
            current = State.ANSWERED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean responded() {
        lock.lock();
        try {
            return current != State.UNANSWERED;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DiscordRestClient rest() {
        return rest;
    }

    @Override
    public StateStore state() {
        return state;
    }

    // --- sending ---

    /** @return false when Discord says an earlier try already answered (40060) */
    private boolean sendFirst(ObjectNode body) {
        try {
            transport.callback(envelope.interactionId(), token(), body.toString(), deadline.firstAnswerDeadline());
        } catch (SendDeadlinePassedException e) {
            firstAnswerAbandoned = true;
            throw new InteractionExpiredException("first answer not sent in time, age "
                    + deadline.ageMillis(clock.millis()) + " ms: " + e.getMessage());
        } catch (DiscordRestException e) {
            if (e.code() == ALREADY_ACKNOWLEDGED) {
                current = State.ANSWERED;
                return false;
            }
            if (e.code() == UNKNOWN_INTERACTION) {
                throw new InteractionExpiredException("Discord no longer knows the interaction (10062, age "
                        + deadline.ageMillis(clock.millis()) + " ms)");
            }
            throw e;
        }
        if (!latencyRecorded) {
            latencyRecorded = true;
            metrics.latency(envelope.eventType(), Duration.ofMillis(clock.millis() - envelope.receivedAt()));
        }
        return true;
    }

    private ObjectNode deferBody(boolean ephemeral) {
        if (kind == Kind.COMPONENT) {
            return callback(6, null);
        }
        ObjectNode data = ephemeral ? JSON.createObjectNode().put("flags", EPHEMERAL) : null;
        return callback(5, data);
    }

    private static ObjectNode callback(int type, ObjectNode data) {
        ObjectNode body = JSON.createObjectNode().put("type", type);
        if (data != null) {
            body.set("data", data);
        }
        return body;
    }

    private static ObjectNode message(String content, boolean ephemeral) {
        ObjectNode message = JSON.createObjectNode().put("content", content);
        if (ephemeral) {
            message.put("flags", EPHEMERAL);
        }
        return message;
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("message JSON must be an object");
            }
            return object;
        } catch (IOException e) {
            throw new IllegalArgumentException("message JSON is not valid JSON", e);
        }
    }

    private void requireFirstResponseWindow() {
        long now = clock.millis();
        if (firstAnswerAbandoned || !deadline.firstResponsePossible(now)) {
            throw new InteractionExpiredException("first answer refused: the interaction is "
                    + deadline.ageMillis(now) + " ms old; Discord allows 3000 ms, and the last "
                    + deadline.minimumWindow().toMillis() + " ms are too little to reach it");
        }
    }

    /** Whether the time for a first answer is over while none was sent: nothing can answer it any more. */
    boolean firstAnswerWindowClosed() {
        lock.lock();
        try {
            return current == State.UNANSWERED && (firstAnswerAbandoned || !deadline.firstResponsePossible(clock.millis()));
        } finally {
            lock.unlock();
        }
    }

    private void requireTokenValid() {
        long now = clock.millis();
        if (!deadline.tokenValid(now)) {
            throw new InteractionExpiredException("follow-up refused: the interaction token is "
                    + Duration.ofMillis(deadline.ageMillis(now)).toSeconds() + " s old, Discord allows 15 min");
        }
    }

    private void requireAnswered(String call) {
        if (current == State.UNANSWERED) {
            throw new IllegalStateException(call + "() needs a first answer or a defer before it");
        }
    }

    private String token() {
        return envelope.interactionToken();
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    @Override
    public Envelope envelope() {
        return envelope;
    }
}
