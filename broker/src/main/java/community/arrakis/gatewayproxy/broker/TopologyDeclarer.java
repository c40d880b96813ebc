package community.arrakis.gatewayproxy.broker;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import com.rabbitmq.client.ShutdownSignalException;
import community.arrakis.gatewayproxy.envelope.routing.RoutingKeys;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Declares the proxy's RabbitMQ topology, and checks an existing one against it. Every queue's
 * arguments are made here, in one place.
 *
 * <pre>
 * events exchange   topic, durable            every envelope; routing key = event type, a guild
 *                                             event's behind its partition: p07.member.join
 * interactions      queue, durable            x-max-priority 10 (classic only), bound interaction.#, DLX
 * guild partitions  queues, durable           &lt;guild queue&gt;.p00 .. .pNN, one per partition, each
 *                                             single active consumer (order), bound pNN.#, DLX
 * dead-letter exch. direct, durable           routing key "dead"
 * dead-letter queue queue, durable            x-message-ttl 7 days
 * </pre>
 *
 * <p>Every queue gets the declarer's {@link QueueType}; every queue argument is set here and
 * nowhere else. With {@link QueueType#QUORUM} the interactions queue has no priorities (RabbitMQ
 * 3.x quorum queues have none), so it is split by priority class: the interactions queue takes
 * commands, buttons, selects and modals, and {@link #interactionsLowQueue()} takes autocomplete and
 * the other types, so a flood of autocomplete never queues ahead of a command. The worker reads the
 * second with a smaller prefetch ({@link #interactionQueues()} lists both, most urgent first).
 *
 * <p>Declaring is idempotent; declaring over an object that exists with other arguments fails with
 * PRECONDITION_FAILED, which {@link #verify} turns into a readable difference, and which
 * {@link #declare(Channel)} turns into a {@link QueueTypeMismatchException} saying how to migrate
 * when the difference is the queue's type.
 *
 * <p>The number of guild partitions must be the same in the ingestor and every worker: an
 * ingestor with more partitions than a worker consumes would publish to queues nobody reads.
 * {@link #declare(Connection)} therefore refuses to go on when the broker already has a partition
 * queue past this topology's last one, and says so in plain words ({@link #extraPartitions}).
 */
public final class TopologyDeclarer {

    /** Bound to the interactions queue when it is split (quorum): the classes that cannot wait. */
    static final List<String> URGENT_INTERACTION_BINDINGS = List.of(RoutingKeys.COMMAND_PREFIX + "#",
            RoutingKeys.BUTTON, RoutingKeys.SELECT, RoutingKeys.MODAL);
    /** Bound to the low interactions queue (quorum only): priorities 6 and 5 in the routing table. */
    static final List<String> LOW_INTERACTION_BINDINGS = List.of(RoutingKeys.AUTOCOMPLETE, RoutingKeys.OTHER_INTERACTION);

    private final Topology topology;
    private final QueueType queueType;

    /** Classic queues. */
    public TopologyDeclarer(Topology topology) {
        this(topology, QueueType.CLASSIC);
    }

    /** @param queueType the type of every queue */
    public TopologyDeclarer(Topology topology, QueueType queueType) {
        this.topology = topology;
        this.queueType = queueType;
    }

    public QueueType queueType() {
        return queueType;
    }

    /** The queue autocomplete and other interactions go to when interactions are split (quorum). */
    public String interactionsLowQueue() {
        return topology.interactionsQueue() + ".low";
    }

    /** The queues interactions arrive in, most urgent first: one for classic, two for quorum. */
    public List<String> interactionQueues() {
        return queueType == QueueType.QUORUM
                ? List.of(topology.interactionsQueue(), interactionsLowQueue())
                : List.of(topology.interactionsQueue());
    }

    /** Every queue this declarer declares. */
    public List<String> queues() {
        List<String> queues = new ArrayList<>(topology.queues());
        if (queueType == QueueType.QUORUM) {
            queues.add(1, interactionsLowQueue());
        }
        return queues;
    }

    public Topology topology() {
        return topology;
    }

    /** Declares every object; does not look for a partition-count mismatch (see {@link #declare(Connection)}). */
    public void declare(Channel channel) throws IOException {
        channel.exchangeDeclare(topology.deadLetterExchange(), BuiltinExchangeType.DIRECT, true);
        declareQueue(channel, topology.deadLetterQueue(), deadLetterQueueArguments());
        channel.queueBind(topology.deadLetterQueue(), topology.deadLetterExchange(), Topology.DEAD_LETTER_ROUTING_KEY);

        channel.exchangeDeclare(topology.eventsExchange(), BuiltinExchangeType.TOPIC, true);
        declareQueue(channel, topology.interactionsQueue(), interactionsQueueArguments());
        if (queueType == QueueType.QUORUM) {
            for (String key : URGENT_INTERACTION_BINDINGS) {
                channel.queueBind(topology.interactionsQueue(), topology.eventsExchange(), key);
            }
            declareQueue(channel, interactionsLowQueue(), deadLettering());
            for (String key : LOW_INTERACTION_BINDINGS) {
                channel.queueBind(interactionsLowQueue(), topology.eventsExchange(), key);
            }
        } else {
            for (String key : Topology.INTERACTION_BINDINGS) {
                channel.queueBind(topology.interactionsQueue(), topology.eventsExchange(), key);
            }
        }
        for (int p = 0; p < topology.guildPartitions(); p++) {
            String queue = topology.guildPartitionQueue(p);
            declareQueue(channel, queue, guildQueueArguments());
            channel.queueBind(queue, topology.eventsExchange(), GuildPartitions.binding(p));
        }
    }

    /**
     * A queue declaration; a PRECONDITION_FAILED about the queue's type becomes a
     * {@link QueueTypeMismatchException} that says how to migrate (the channel is closed either way).
     */
    private void declareQueue(Channel channel, String queue, Map<String, Object> arguments) throws IOException {
        try {
            channel.queueDeclare(queue, true, false, false, arguments);
        } catch (IOException e) {
            String refusal = refusal(e);
            if (refusal != null && refusal.contains("x-queue-type")) {
                throw new QueueTypeMismatchException(queue, queueType, refusal, e);
            }
            throw e;
        }
    }

    /** The broker's reply text of a refused command, or null when {@code e} is no refusal. */
    private static String refusal(IOException e) {
        if (e.getCause() instanceof ShutdownSignalException signal && signal.getReason() != null) {
            String message = signal.getMessage();
            int reply = message == null ? -1 : message.indexOf("reply-text=");
            if (reply >= 0) {
                int end = message.indexOf(", class-id", reply);
                return message.substring(reply + "reply-text=".length(), end < 0 ? message.length() : end);
            }
        }
        return null;
    }

    /**
     * Declares on a channel of its own, closed after (a failed declaration closes its channel),
     * after checking that the broker has no guild partition past this topology's count.
     *
     * @throws PartitionMismatchException another process declared more guild partitions
     */
    public void declare(Connection connection) throws IOException {
        List<String> extra = extraPartitions(connection);
        if (!extra.isEmpty()) {
            throw new PartitionMismatchException(mismatch(extra));
        }
        withChannel(connection, this::declare);
    }

    /**
     * Guild partition queues on the broker past this topology's count ({@code .p08} and on when
     * this one has 8), nearest first; empty when there are none.
     */
    public List<String> extraPartitions(Connection connection) throws IOException {
        List<String> extra = new ArrayList<>();
        // Counts only ever differ by whole deployments; looking up to MAX is at most 64 cheap passive declares.
        for (int p = topology.guildPartitions(); p < GuildPartitions.MAX; p++) {
            String queue = topology.guildPartitionQueue(p);
            if (exists(connection, ch -> ch.queueDeclarePassive(queue))) {
                extra.add(queue);
            }
        }
        return extra;
    }

    /** Whether the queue of the versions before partitions is still on the broker (an upgrade still draining). */
    public boolean legacyGuildQueueExists(Connection connection) throws IOException {
        return exists(connection, ch -> ch.queueDeclarePassive(topology.legacyGuildQueue()));
    }

    private String mismatch(List<String> extra) {
        return "RabbitMQ has guild partition queue " + extra.getFirst()
                + (extra.size() > 1 ? " (and " + (extra.size() - 1) + " more past it)" : "")
                + ", but this process is configured with " + topology.guildPartitions() + " guild partitions ("
                + topology.guildPartitionQueue(0) + " .. " + topology.guildPartitionQueue(topology.guildPartitions() - 1)
                + "). An ingestor with more partitions than the workers publishes to queues no worker reads: give the"
                + " ingestor and every worker the same --guild-partitions (ARRAKIS_GUILD_PARTITIONS). If the count was"
                + " lowered on purpose, drain and delete the extra queues first (docs/runbook.md, \"Changing the number"
                + " of guild partitions\").";
    }

    /**
     * Lists what differs between the broker and this topology, in plain words; empty when they
     * agree. Creates nothing that is missing.
     */
    public List<String> verify(Connection connection) throws IOException {
        List<String> problems = new ArrayList<>();
        for (String exchange : topology.exchanges()) {
            if (!exists(connection, ch -> ch.exchangeDeclarePassive(exchange))) {
                problems.add("exchange " + exchange + " is missing");
            }
        }
        Map<String, Map<String, Object>> queues = new LinkedHashMap<>();
        queues.put(topology.interactionsQueue(), interactionsQueueArguments());
        if (queueType == QueueType.QUORUM) {
            queues.put(interactionsLowQueue(), deadLettering());
        }
        for (String partition : topology.guildPartitionQueues()) {
            queues.put(partition, guildQueueArguments());
        }
        queues.put(topology.deadLetterQueue(), deadLetterQueueArguments());
        for (Map.Entry<String, Map<String, Object>> queue : queues.entrySet()) {
            if (!exists(connection, ch -> ch.queueDeclarePassive(queue.getKey()))) {
                problems.add("queue " + queue.getKey() + " is missing");
                continue;
            }
            String mismatch = declareMismatch(connection,
                    ch -> ch.queueDeclare(queue.getKey(), true, false, false, queue.getValue()));
            if (mismatch != null) {
                problems.add("queue " + queue.getKey() + " differs: " + mismatch);
            }
        }
        for (String extra : extraPartitions(connection)) {
            problems.add("queue " + extra + " is past this topology's " + topology.guildPartitions()
                    + " guild partitions: the ingestor and the workers must use the same --guild-partitions");
        }
        if (legacyGuildQueueExists(connection)) {
            problems.add("queue " + topology.legacyGuildQueue() + " (the single guild queue of the versions before"
                    + " partitions) still exists: workers drain it; delete it once empty (docs/runbook.md, \"Upgrading"
                    + " to guild partitions\")");
        }
        return problems;
    }

    /** Deletes every object of this topology; for tests and for {@code topology delete}. */
    public void delete(Connection connection) throws IOException {
        withChannel(connection, ch -> {
            for (String queue : topology.queues()) {
                ch.queueDelete(queue);
            }
            ch.queueDelete(topology.legacyGuildQueue()); // deleting a queue that is not there is not an error
            if (queueType == QueueType.QUORUM) {
                ch.queueDelete(interactionsLowQueue());
            }
            for (String exchange : topology.exchanges()) {
                ch.exchangeDelete(exchange);
            }
        });
    }

    public Map<String, Object> interactionsQueueArguments() {
        Map<String, Object> args = deadLettering();
        if (queueType == QueueType.CLASSIC) {
            args.put("x-max-priority", Topology.MAX_PRIORITY);
        }
        return args;
    }

    /** The arguments of every guild partition queue (and of the legacy guild queue, which had the same). */
    public Map<String, Object> guildQueueArguments() {
        Map<String, Object> args = deadLettering();
        args.put("x-single-active-consumer", true);
        return args;
    }

    public Map<String, Object> deadLetterQueueArguments() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", queueType.argument());
        args.put("x-message-ttl", Topology.DEAD_LETTER_TTL_MS);
        return args;
    }

    private Map<String, Object> deadLettering() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", queueType.argument());
        args.put("x-dead-letter-exchange", topology.deadLetterExchange());
        args.put("x-dead-letter-routing-key", Topology.DEAD_LETTER_ROUTING_KEY);
        return args;
    }

    private interface ChannelAction {
        void run(Channel channel) throws IOException;
    }

    /** A failed passive declare closes its channel, so each check gets a channel of its own. */
    private static boolean exists(Connection connection, ChannelAction check) throws IOException {
        return declareMismatch(connection, check) == null;
    }

    private static String declareMismatch(Connection connection, ChannelAction action) throws IOException {
        try {
            withChannel(connection, action);
            return null;
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            String message = cause.getMessage();
            int reply = message == null ? -1 : message.indexOf("reply-text=");
            if (reply < 0) {
                throw e;
            }
            int end = message.indexOf(", class-id", reply);
            return message.substring(reply + "reply-text=".length(), end < 0 ? message.length() : end);
        }
    }

    private static void withChannel(Connection connection, ChannelAction action) throws IOException {
        Channel channel = connection.createChannel();
        try {
            action.run(channel);
        } finally {
            if (channel.isOpen()) {
                try {
                    channel.close();
                } catch (TimeoutException | IOException ignored) {
                    // the broker may have closed it already
                }
            }
        }
    }
}
