package community.arrakis.gatewayproxy.envelope.topology;

import java.util.List;

/**
 * The names of every RabbitMQ object of the proxy. {@link #defaults()} keeps the first
 * implementation's names so its tools and consumers keep working; {@link #withPrefix(String)}
 * gives each test class (or each bot sharing a broker) its own set.
 *
 * @param eventsExchange    topic exchange every envelope is published to
 * @param interactionsQueue priority queue bound {@code interaction.#}
 * @param guildQueue        ordered queue bound {@code member.#} and {@code guild.#}
 * @param deadLetterExchange direct exchange, routing key {@link #DEAD_LETTER_ROUTING_KEY}
 * @param deadLetterQueue   where rejected envelopes wait, 7 days at most
 */
public record Topology(
        String eventsExchange,
        String interactionsQueue,
        String guildQueue,
        String deadLetterExchange,
        String deadLetterQueue) {

    public static final String DEAD_LETTER_ROUTING_KEY = "dead";
    public static final int MAX_PRIORITY = 10;
    public static final long DEAD_LETTER_TTL_MS = 7L * 24 * 60 * 60 * 1000;
    public static final List<String> INTERACTION_BINDINGS = List.of("interaction.#");
    public static final List<String> GUILD_BINDINGS = List.of("member.#", "guild.#");
    public static final String MESSAGE_BINDING = "message.#";

    public static Topology defaults() {
        return withPrefix("");
    }

    /** Every name prefixed, e.g. {@code withPrefix("it-42.")} gives {@code it-42.arrakis.events}. */
    public static Topology withPrefix(String prefix) {
        return new Topology(prefix + "arrakis.events", prefix + "arrakis.interactions",
                prefix + "arrakis.events.guild", prefix + "arrakis.dlx", prefix + "arrakis.dlq");
    }

    public List<String> queues() {
        return List.of(interactionsQueue, guildQueue, deadLetterQueue);
    }

    public List<String> exchanges() {
        return List.of(eventsExchange, deadLetterExchange);
    }
}
