package community.arrakis.gatewayproxy.envelope.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The names of every RabbitMQ object of the proxy. {@link #defaults()} keeps the first
 * implementation's names so its tools and consumers keep working; {@link #withPrefix(String)}
 * gives each test class (or each bot sharing a broker) its own set.
 *
 * <p>Guild events go to {@link #guildPartitions()} ordered queues, {@code <legacyGuildQueue>.p00}
 * and on, each bound to its own routing-key prefix ({@link GuildPartitions}); a guild's events
 * always land in the same one, so k workers share the partitions and each guild stays in order.
 *
 * @param eventsExchange     topic exchange every envelope is published to
 * @param interactionsQueue  priority queue bound {@code interaction.#}
 * @param legacyGuildQueue   the single ordered guild queue of the versions before partitions (bound
 *                           {@code member.#} and {@code guild.#}); no longer declared, consumed
 *                           while it exists so that an upgrade loses nothing, and the stem of the
 *                           partition queues' names
 * @param deadLetterExchange direct exchange, routing key {@link #DEAD_LETTER_ROUTING_KEY}
 * @param deadLetterQueue    where rejected envelopes wait, 7 days at most
 * @param guildPartitions    how many guild partition queues, 1..{@link GuildPartitions#MAX}; the
 *                           ingestor and every worker must agree
 */
public record Topology(
        String eventsExchange,
        String interactionsQueue,
        String legacyGuildQueue,
        String deadLetterExchange,
        String deadLetterQueue,
        int guildPartitions) {

    public static final String DEAD_LETTER_ROUTING_KEY = "dead";
    public static final int MAX_PRIORITY = 10;
    public static final long DEAD_LETTER_TTL_MS = 7L * 24 * 60 * 60 * 1000;
    public static final List<String> INTERACTION_BINDINGS = List.of("interaction.#");
    /** The legacy guild queue's bindings, for the migration notes and tests; partitions bind {@code pNN.#}. */
    public static final List<String> LEGACY_GUILD_BINDINGS = List.of("member.#", "guild.#");
    public static final String MESSAGE_BINDING = "message.#";

    public Topology {
        GuildPartitions.requireValidCount(guildPartitions);
    }

    public static Topology defaults() {
        return withPrefix("");
    }

    /**
     * Every name prefixed, e.g. {@code withPrefix("it-42.")} gives {@code it-42.arrakis.events};
     * {@link GuildPartitions#DEFAULT} partitions.
     */
    public static Topology withPrefix(String prefix) {
        return new Topology(prefix + "arrakis.events", prefix + "arrakis.interactions",
                prefix + "arrakis.events.guild", prefix + "arrakis.dlx", prefix + "arrakis.dlq",
                GuildPartitions.DEFAULT);
    }

    /** The same names with another number of guild partitions. */
    public Topology withGuildPartitions(int count) {
        return new Topology(eventsExchange, interactionsQueue, legacyGuildQueue, deadLetterExchange, deadLetterQueue, count);
    }

    /** The partition's queue: {@code arrakis.events.guild.p07}. Also valid past the count, to look for extra ones. */
    public String guildPartitionQueue(int partition) {
        return legacyGuildQueue + "." + GuildPartitions.word(partition);
    }

    /** Every guild partition queue, p00 first. */
    public List<String> guildPartitionQueues() {
        List<String> queues = new ArrayList<>(guildPartitions);
        for (int p = 0; p < guildPartitions; p++) {
            queues.add(guildPartitionQueue(p));
        }
        return List.copyOf(queues);
    }

    /** The queues this topology declares: interactions, the guild partitions, the dead letters. */
    public List<String> queues() {
        List<String> queues = new ArrayList<>();
        queues.add(interactionsQueue);
        queues.addAll(guildPartitionQueues());
        queues.add(deadLetterQueue);
        return List.copyOf(queues);
    }

    public List<String> exchanges() {
        return List.of(eventsExchange, deadLetterExchange);
    }
}
