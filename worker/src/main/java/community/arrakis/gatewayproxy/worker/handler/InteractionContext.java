package community.arrakis.gatewayproxy.worker.handler;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.discord.rest.DiscordRestClient;
import community.arrakis.gatewayproxy.worker.state.StateStore;
import java.util.List;
import java.util.Map;

/**
 * What an interaction handler gets: who, where, what was chosen, and how to answer.
 *
 * <p><b>Answering and Discord's clocks.</b> The first answer must reach Discord within 3 s of the
 * interaction's creation. Call {@link #reply} (or {@link #openModal}, {@link #suggest},
 * {@link #update}) and the worker sends it directly when it is in time. When the handler is still
 * running close to the deadline, the worker defers on its behalf (a loading state for commands and
 * modals, a silent acknowledgement for components); a later {@link #reply} then edits the loading
 * message (commands, modals) or becomes a follow-up (components). A second {@link #reply} is a
 * follow-up. After 15 min every call throws {@link InteractionExpiredException} without sending.
 * Autocomplete is never deferred: {@link #suggest} must come within the 3 s.
 */
public interface InteractionContext {

    // --- who and where ---

    String interactionId();

    String applicationId();

    /** Null in a DM. */
    String guildId();

    String channelId();

    /** The invoking user (the member's user in a guild). */
    String userId();

    /** Our event type, e.g. {@code interaction.command.ping}. */
    String eventType();

    /** Discord's interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
    int interactionType();

    /** The command's name, for commands and autocomplete; null otherwise. */
    String commandName();

    /** The component's or modal's custom id; null for commands. */
    String customId();

    /** The selected values of a select menu; empty otherwise. */
    List<String> values();

    /** The inputs of a submitted modal, by the input's custom id; empty otherwise. */
    Map<String, String> modalValues();

    /** Typed access to the command's options, subcommands and resolved objects. */
    CommandOptions options();

    /** Discord's raw interaction object, for what the typed accessors don't cover. */
    JsonNode payload();

    /** The envelope this interaction arrived in: ids, shard, sequence, trace id, receive time. */
    community.arrakis.gatewayproxy.envelope.Envelope envelope();

    // --- answering ---

    /** Answers with a public message (or edits the loading message after a defer). */
    void reply(String content);

    /** Answers with a message only the invoking user sees. */
    void replyEphemeral(String content);

    /**
     * Answers with a full message object ({@code content}, {@code embeds}, {@code components},
     * {@code flags}, ...), as Discord's JSON.
     */
    void replyJson(String messageJson);

    /** Shows a loading state now; answer later with {@link #reply} or {@link #editOriginal}. */
    void defer();

    /** Like {@link #defer()}, but the eventual answer is visible to the invoking user only. */
    void deferEphemeral();

    /** For components: edits the message the component is attached to (callback type 7). */
    void update(String messageJson);

    /** Sends an additional message; needs a first answer (or a defer) before it. */
    String followUp(String content);

    String followUpJson(String messageJson);

    /** Replaces the first answer's content. */
    String editOriginal(String content);

    void deleteOriginal();

    /** Opens a modal (not allowed in answer to a modal submit). */
    void openModal(Modal modal);

    /** Answers an autocomplete interaction with at most 25 choices. */
    void suggest(List<Choice> choices);

    /** Whether a first answer (or defer) has been sent. */
    boolean responded();

    // --- services ---

    /** The Discord REST client, for anything beyond answering this interaction. */
    DiscordRestClient rest();

    /** Shared state: cooldowns and sessions (Redis in worker mode, memory in standalone mode). */
    StateStore state();
}
