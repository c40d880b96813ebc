package community.arrakis.gatewayproxy.simulator.rest;

import community.arrakis.gatewayproxy.simulator.Snowflake;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * The interactions the simulator handed out and what the bot did with them. Enforces Discord's
 * rules: one callback per interaction, within the response window counted from the snowflake, with
 * a response type that fits the interaction type; follow-ups for the token's lifetime afterwards.
 *
 * <p>Example: an APPLICATION_COMMAND minted at 12:00:00.000 answered with type 5 at 12:00:01.2 is
 * accepted (204); a second callback gets 40060; a type 8 (autocomplete result) instead would have
 * been a 50035; the first answer at 12:00:03.5 gets 10062. Follow-ups work until 12:15:00.000, then
 * 50027.
 */
public final class InteractionLedger {
    private static final Map<Integer, Set<Integer>> ALLOWED_RESPONSES = Map.of(
            1, Set.of(1),
            2, Set.of(4, 5, 9, 10, 12),
            3, Set.of(4, 5, 6, 7, 9, 10, 12),
            4, Set.of(8),
            5, Set.of(4, 5, 6, 7, 10, 12));

    private final Clock clock;
    private final Duration responseWindow;
    private final Duration tokenLifetime;
    private final Map<String, Interaction> byId = new ConcurrentHashMap<>();
    private final Map<String, Interaction> byToken = new ConcurrentHashMap<>();
    private final List<CallbackListener> listeners = new CopyOnWriteArrayList<>();

    public InteractionLedger(Clock clock, Duration responseWindow, Duration tokenLifetime) {
        this.clock = clock;
        this.responseWindow = responseWindow;
        this.tokenLifetime = tokenLifetime;
    }

    /** Told about every callback attempt, accepted or not: the load driver measures with it. */
    public interface CallbackListener {
        /**
         * @param registeredNanos {@link System#nanoTime()} when the interaction was registered, just before its
         *                        dispatch went to the gateway
         * @param responseType    the callback's type as sent (5 and 6 defer the answer)
         */
        void onCallback(String interactionId, int status, int errorCode, int responseType, long registeredNanos,
                        long receivedNanos);
    }

    public void addListener(CallbackListener listener) {
        listeners.add(listener);
    }

    public void removeListener(CallbackListener listener) {
        listeners.remove(listener);
    }

    /** What the simulator knows about one interaction; the message fields are guarded by the object lock. */
    public static final class Interaction {
        final String id;
        final String token;
        final int type;
        final String guildId;
        final String channelId;
        final long createdAtMillis;
        final ObjectNode sourceMessage;
        final ObjectNode invoker;
        final long registeredNanos = System.nanoTime();
        int responseType;
        ObjectNode original;
        boolean originalLoading;
        final Map<String, ObjectNode> followups = new LinkedHashMap<>();

        Interaction(String id, String token, int type, String guildId, String channelId, ObjectNode invoker,
                    ObjectNode sourceMessage) {
            this.invoker = invoker;
            this.id = id;
            this.token = token;
            this.type = type;
            this.guildId = guildId;
            this.channelId = channelId;
            this.createdAtMillis = Snowflake.timestamp(id).toEpochMilli();
            this.sourceMessage = sourceMessage;
        }

        public String id() {
            return id;
        }

        public synchronized int responseType() {
            return responseType;
        }
    }

    /** Registers an interaction; {@code invoker} is the user object of whoever triggered it. */
    public Interaction register(String id, String token, int type, String guildId, String channelId,
                                ObjectNode invoker, ObjectNode sourceMessage) {
        Interaction interaction = new Interaction(id, token, type, guildId, channelId, invoker, sourceMessage);
        byId.put(id, interaction);
        byToken.put(token, interaction);
        return interaction;
    }

    public Optional<Interaction> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Checks and records a callback; returns the error to answer with, or empty when accepted. */
    Optional<DiscordError> acceptCallback(String id, String token, int responseType, long receivedNanos,
                                          ResponseMessageFactory messages, ObjectNode data) {
        Interaction interaction = byId.get(id);
        Optional<DiscordError> error = Optional.empty();
        if (interaction == null || !interaction.token.equals(token)) {
            error = Optional.of(DiscordError.UNKNOWN_INTERACTION);
        } else {
            synchronized (interaction) {
                if (interaction.responseType != 0) {
                    error = Optional.of(DiscordError.INTERACTION_ALREADY_ACKNOWLEDGED);
                } else if (clock.millis() - interaction.createdAtMillis > responseWindow.toMillis()) {
                    error = Optional.of(DiscordError.UNKNOWN_INTERACTION);
                } else if (!ALLOWED_RESPONSES.getOrDefault(interaction.type, Set.of()).contains(responseType)) {
                    error = Optional.of(DiscordError.INVALID_FORM_BODY);
                } else {
                    interaction.responseType = responseType;
                    switch (responseType) {
                        case 4 -> interaction.original = messages.create(interaction, data, false);
                        case 5 -> {
                            interaction.original = messages.create(interaction, data, true);
                            interaction.originalLoading = true;
                        }
                        case 6, 7 -> interaction.original = messages.update(interaction.sourceMessage, data);
                        default -> { }
                    }
                }
            }
        }
        int status = error.map(DiscordError::status).orElse(204);
        int code = error.map(DiscordError::code).orElse(0);
        if (interaction != null) {
            listeners.forEach(l -> l.onCallback(id, status, code, responseType, interaction.registeredNanos,
                    receivedNanos));
        }
        return error;
    }

    /** The interaction behind a webhook token, if the token is valid and not expired. */
    Optional<Interaction> byWebhookToken(String token) {
        Interaction interaction = byToken.get(token);
        if (interaction == null || clock.millis() - interaction.createdAtMillis > tokenLifetime.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(interaction);
    }

    /** Builds the message objects that interaction responses and follow-ups create. */
    interface ResponseMessageFactory {
        ObjectNode create(Interaction interaction, ObjectNode data, boolean loading);

        ObjectNode update(ObjectNode existing, ObjectNode data);
    }

    /** Forgets interactions whose tokens expired, so long load runs do not grow without bound. */
    public void expire() {
        long cutoff = clock.millis() - tokenLifetime.toMillis();
        byId.values().removeIf(i -> i.createdAtMillis < cutoff);
        byToken.values().removeIf(i -> i.createdAtMillis < cutoff);
    }

    public int size() {
        return byId.size();
    }
}
