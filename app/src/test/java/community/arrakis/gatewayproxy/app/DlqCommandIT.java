package community.arrakis.gatewayproxy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.DeadLetterPublisher;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.EnvelopeFactory;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code dlq} commands as an engineer on call runs them, against the real RabbitMQ: what they
 * print, and what is in the queues afterwards.
 */
class DlqCommandIT {

    private static final String AMQP_URL = System.getenv().getOrDefault("RABBITMQ_URL", BrokerOptionsDefaults.URL);
    private static final String GUILD_A = "41771983444115456";
    private static final String GUILD_B = "41771983444115999";
    private static final String TOKEN = "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpzZWNyZXQtdG9rZW4";
    private static final String SPICE = "IllegalStateException: the spice must flow";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String prefix = "it-dlqcmd-" + UUID.randomUUID().toString().substring(0, 8) + ".";
    private final Topology topology = Topology.withPrefix(prefix);
    private final TopologyDeclarer declarer = new TopologyDeclarer(topology);
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(true));
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final AtomicLong sequence = new AtomicLong();
    private Connection admin;
    private Channel channel;
    private DeadLetterPublisher worker;
    private Envelope joinA;
    private Envelope ping;
    private Envelope leaveB;
    private String out;
    private String err;

    @BeforeEach
    void deadLetters() throws Exception {
        admin = BrokerConnections.connect(AMQP_URL, "DlqCommandIT");
        channel = admin.createChannel();
        declarer.declare(channel);
        worker = new DeadLetterPublisher(admin, topology, "it-dlqcmd-worker");
        joinA = dispatch("GUILD_MEMBER_ADD", "{\"guild_id\":\"" + GUILD_A + "\",\"user\":{\"id\":\"80351110224678912\"}}");
        ping = dispatch("INTERACTION_CREATE", ("{\"id\":\"1300000000000000001\",\"application_id\":\"1100000000000000000\","
                + "\"type\":2,\"token\":\"%s\",\"guild_id\":\"%s\",\"channel_id\":\"41771983444115457\","
                + "\"member\":{\"user\":{\"id\":\"80351110224678912\"}},\"data\":{\"id\":\"900\",\"name\":\"ping\",\"type\":1}}")
                .formatted(TOKEN, GUILD_A));
        leaveB = dispatch("GUILD_MEMBER_REMOVE", "{\"guild_id\":\"" + GUILD_B + "\",\"user\":{\"id\":\"80351110224678912\"}}");
        deadLetter(joinA, SPICE, topology.guildPartitionQueue(0));
        deadLetter(ping, "DiscordException: 404 on POST /interactions/1300000000000000001/" + TOKEN + "/callback",
                topology.interactionsQueue());
        deadLetter(leaveB, SPICE, topology.guildPartitionQueue(0));
    }

    @AfterEach
    void deleteTopology() throws Exception {
        try {
            worker.close();
        } finally {
            declarer.delete(admin);
            admin.close();
        }
    }

    @Test
    void listShowsOneLinePerDeadLetterAndACountByReasonAndChangesNothing() throws Exception {
        assertThat(dlq("list")).isZero();

        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo(topology.deadLetterQueue() + ": 3 messages");
        assertThat(lines.get(1)).matches("pos +age +reason +event type +guild +event id +attempts +replays");
        assertThat(lines.get(2)).matches(" *1 +\\d+s +" + SPICE + " +member\\.join +" + GUILD_A + " +" + joinA.eventId() + " +1 +0");
        assertThat(lines.get(3)).contains("DiscordException: 404 on POST /interactions/130000000000000…")
                .contains("interaction.command.ping").contains(ping.eventId());
        assertThat(lines.get(4)).contains("member.leave").contains(GUILD_B);
        assertThat(lines.subList(5, lines.size())).containsExactly(
                "by reason:",
                "  2  " + SPICE,
                "  1  DiscordException: 404 on POST /interactions/1300000000000000001/[redacted]/callback");
        assertThat(out).doesNotContain(TOKEN);
        assertThat(deadLetterIds()).containsExactly(joinA.eventId(), ping.eventId(), leaveB.eventId());
    }

    @Test
    void listFiltersAndLimitsAndWritesJsonForScripts() throws Exception {
        assertThat(dlq("list", "--reason", "spice", "--limit", "1", "--json")).isZero();

        JsonNode root = JSON.readTree(out);
        assertThat(root.get("queue").asText()).isEqualTo(topology.deadLetterQueue());
        assertThat(root.get("messages").asInt()).isEqualTo(3);
        assertThat(root.get("matching").asInt()).isEqualTo(2);
        assertThat(root.get("deadLetters")).hasSize(1);
        JsonNode first = root.get("deadLetters").get(0);
        assertThat(first.get("position").asInt()).isEqualTo(1);
        assertThat(first.get("eventId").asText()).isEqualTo(joinA.eventId());
        assertThat(first.get("eventType").asText()).isEqualTo("member.join");
        assertThat(first.get("guildId").asText()).isEqualTo(GUILD_A);
        assertThat(first.get("reason").asText()).isEqualTo(SPICE);
        assertThat(first.get("routingKey").asText()).isEqualTo("member.join");
        assertThat(first.get("attempts").asInt()).isEqualTo(1);
        assertThat(first.get("ageSeconds").asLong()).isBetween(0L, 60L);
        assertThat(root.get("byReason").get(0).get("count").asInt()).isEqualTo(2);

        assertThat(dlq("list", "--guild", GUILD_B, "--event-type", "member.#")).isZero();
        assertThat(out.lines().toList().get(0)).isEqualTo(topology.deadLetterQueue() + ": 3 messages, 1 matching event type member.#, guild " + GUILD_B);
        assertThat(out).contains(leaveB.eventId()).doesNotContain(joinA.eventId());
        assertThat(deadLetterIds()).containsExactly(joinA.eventId(), ping.eventId(), leaveB.eventId());
    }

    @Test
    void showPrintsHeadersAndTheEnvelopeWithTheInteractionTokenRedacted() throws Exception {
        assertThat(dlq("show", ping.eventId())).isZero();

        assertThat(out).startsWith("dead letter at position 2 of 3 in " + topology.deadLetterQueue())
                .contains("  event type: interaction.command.ping (INTERACTION_CREATE)")
                .contains("  replay goes to: routing key interaction.command.ping on " + topology.eventsExchange())
                .contains("  " + DeadLetterHeaders.WORKER + ": it-dlqcmd-worker")
                .contains("  " + DeadLetterHeaders.SOURCE_QUEUE + ": " + topology.interactionsQueue())
                .contains("\"interactionToken\" : \"[redacted]\"")
                .contains("\"token\" : \"[redacted]\"")
                .contains("\"commandName\" : \"ping\"")
                .doesNotContain(TOKEN);

        assertThat(dlq("show", "3")).isZero();
        assertThat(out).startsWith("dead letter at position 3 of 3").contains("\"eventId\" : \"" + leaveB.eventId() + "\"");
        assertThat(deadLetterIds()).containsExactly(joinA.eventId(), ping.eventId(), leaveB.eventId());
    }

    @Test
    void showOfAnEventThatIsNotThereSaysSoInOneLine() throws Exception {
        assertThat(dlq("show", "0:nope:1")).isEqualTo(1);

        assertThat(err.strip()).isEqualTo("error: no dead letter with event id 0:nope:1 in " + topology.deadLetterQueue() + " (3 messages)");
    }

    @Test
    void replayDryRunPrintsWhatWouldGoAndChangesNothing() throws Exception {
        assertThat(dlq("replay", "--event-type", "member.*", "--dry-run")).isZero();

        assertThat(out).startsWith("dry run, nothing changed: would replay 2 dead letters of 3 in " + topology.deadLetterQueue()
                        + " (event type member.*) to " + topology.eventsExchange() + ":")
                .contains(joinA.eventId()).contains(leaveB.eventId()).doesNotContain(ping.eventId());
        assertThat(deadLetterIds()).containsExactly(joinA.eventId(), ping.eventId(), leaveB.eventId());
        for (String partition : topology.guildPartitionQueues()) {
            assertThat(depth(partition)).isZero();
        }
        assertThat(depth(topology.interactionsQueue())).isZero();
    }

    @Test
    void replaySendsTheChosenBackToTheirQueuesAndSaysWhatItDid() throws Exception {
        assertThat(dlq("replay", "--reason", "spice")).isZero();

        assertThat(out).startsWith("replayed 2 of 2 dead letters of 3 in " + topology.deadLetterQueue() + " (reason ~ \"spice\") to "
                        + topology.eventsExchange() + ", each confirmed by the broker before it left the dead-letter queue:")
                .contains("1  " + joinA.eventId() + "  -> " + partitionWord(GUILD_A) + ".member.join  (replay 1)")
                .contains("3  " + leaveB.eventId() + "  -> " + partitionWord(GUILD_B) + ".member.leave  (replay 1)");
        assertThat(deadLetterIds()).containsExactly(ping.eventId());
        // each to its guild's partition (the dead letters' source queue was p00 for both)
        List<GetResponse> replayed = new ArrayList<>(drain(partitionQueue(GUILD_A)));
        if (!partitionQueue(GUILD_B).equals(partitionQueue(GUILD_A))) {
            replayed.addAll(drain(partitionQueue(GUILD_B)));
        }
        assertThat(replayed).extracting(r -> codec.decode(r.getBody())).containsExactly(joinA, leaveB);
        assertThat(replayed).allSatisfy(r -> assertThat(r.getProps().getHeaders()).containsEntry(DeadLetterHeaders.REPLAYS, 1));
    }

    @Test
    void replayOfAnOldInteractionSaysAWorkerWillNotAnswerIt() throws Exception {
        assertThat(dlq("replay", "--event-type", "interaction.#", "--dry-run")).isZero();

        assertThat(out).contains("note: 1 of them is an interaction older than Discord's 3 s to answer");
    }

    @Test
    void purgeRemovesOnlyTheMatchingOnesOnceTheirNumberIsTyped() throws Exception {
        assertThat(dlqWithInput("2\n", "purge", "--reason", "spice")).isZero();

        assertThat(out).startsWith("about to remove 2 dead letters of 3 in " + topology.deadLetterQueue() + " (reason ~ \"spice\"):")
                .contains("removed 2 dead letters from " + topology.deadLetterQueue() + "; 1 of 3 stay");
        assertThat(err).contains("This cannot be undone. Type 2 to remove them:");
        assertThat(deadLetterIds()).containsExactly(ping.eventId());
    }

    @Test
    void purgeWithTheWrongAnswerOrNoneRemovesNothing() throws Exception {
        assertThat(dlqWithInput("y\n", "purge")).isEqualTo(1);
        assertThat(err).contains("purge cancelled, nothing removed: 'y' is not 3");

        assertThat(dlqWithInput("", "purge")).isEqualTo(1);
        assertThat(err).contains("purge cancelled, nothing removed: no answer (type the number, or pass --yes)");

        assertThat(deadLetterIds()).containsExactly(joinA.eventId(), ping.eventId(), leaveB.eventId());
    }

    @Test
    void purgeWithYesAndAFilterKeepsTheOthersInOrder() throws Exception {
        Envelope joinB = dispatch("GUILD_MEMBER_ADD", "{\"guild_id\":\"" + GUILD_B + "\",\"user\":{\"id\":\"80351110224678913\"}}");
        deadLetter(joinB, SPICE, topology.guildPartitionQueue(0));

        assertThat(dlq("purge", "--guild", GUILD_A, "--yes")).isZero();

        assertThat(out.strip()).isEqualTo("removed 2 dead letters from " + topology.deadLetterQueue() + "; 2 of 4 stay");
        assertThat(deadLetterIds()).containsExactly(leaveB.eventId(), joinB.eventId());
    }

    @Test
    void aPrefixWithoutADeadLetterQueueIsOnePlainLine() {
        assertThat(run("dlq", "list", "--topology-prefix", "it-dlqcmd-nothing-here.")).isEqualTo(1);

        assertThat(err.lines().toList()).containsExactly("error: queue it-dlqcmd-nothing-here.arrakis.dlq does not exist on this broker"
                + " (amqp://guest:***@127.0.0.1:5672): is --topology-prefix (ARRAKIS_TOPOLOGY_PREFIX) the bot's?"
                + " `topology verify` lists what is missing");
    }

    @Test
    void anUnreachableBrokerIsOnePlainLineWithoutThePassword() {
        assertThat(run("dlq", "replay", "--rabbitmq-url", "amqp://guest:hunter2@127.0.0.1:1")).isEqualTo(1);

        assertThat(err.lines().toList()).singleElement().asString()
                .startsWith("error: cannot connect to RabbitMQ at amqp://guest:***@127.0.0.1:1")
                .doesNotContain("hunter2");
    }

    @Test
    void badFilterValuesNameTheOptionAndWhatItTakes() throws Exception {
        assertThat(dlq("list", "--older-than", "2 weeks")).isEqualTo(2);
        assertThat(err).contains("--older-than").contains("'2 weeks' is not an age: use 90s, 15m, 2h, 3d, 1h30m or ISO-8601 like PT1H30M");

        assertThat(dlq("purge", "--guild", "arrakis", "--yes")).isEqualTo(2);
        assertThat(err).contains("--guild: a guild id is a number of up to 20 digits, not 'arrakis'");

        assertThat(dlq("list", "--older-than", "2h", "--newer-than", "1h")).isEqualTo(2);
        assertThat(err).contains("--older-than/--newer-than: older than PT2H and newer than PT1H select nothing");

        assertThat(run("dlq")).isEqualTo(2);
        assertThat(err).contains("dlq needs a command: list, show, replay or purge");
        assertThat(deadLetterIds()).hasSize(3);
    }

    // --- helpers ---

    private int dlq(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.add(args[0]);
        all.addAll(List.of("--rabbitmq-url", AMQP_URL, "--topology-prefix", prefix));
        all.addAll(List.of(args).subList(1, args.length));
        return run(all.toArray(String[]::new));
    }

    private int dlqWithInput(String input, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return dlq(args);
        } finally {
            System.setIn(original);
        }
    }

    private int run(String... args) {
        StringWriter outText = new StringWriter();
        StringWriter errText = new StringWriter();
        int code = Main.execute(new PrintWriter(outText, true), new PrintWriter(errText, true), args);
        out = outText.toString();
        err = errText.toString();
        return code;
    }

    private void deadLetter(Envelope envelope, String reason, String sourceQueue) throws Exception {
        worker.publish(codec.encode(envelope), new AMQP.BasicProperties.Builder().contentType(EnvelopeCodec.CONTENT_TYPE)
                        .deliveryMode(2).priority(envelope.priority()).messageId(envelope.eventId()).type(envelope.eventType()).build(),
                sourceQueue, reason, "java.lang.IllegalStateException", 1);
    }

    private Envelope dispatch(String type, String data) {
        return factory.create(0, "it-session", sequence.incrementAndGet(), type, data.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() - 60_000, false).orElseThrow();
    }

    private List<String> deadLetterIds() throws Exception {
        return drainAndGiveBack(topology.deadLetterQueue()).stream().map(r -> r.getProps().getMessageId()).toList();
    }

    /** Reads a queue without taking anything: what is read is given back when the channel closes. */
    private List<GetResponse> drainAndGiveBack(String queue) throws Exception {
        List<GetResponse> all = new ArrayList<>();
        try (Channel peek = admin.createChannel()) {
            GetResponse got;
            while ((got = peek.basicGet(queue, false)) != null) {
                all.add(got);
            }
        }
        return all;
    }

    private String partitionQueue(String guildId) {
        return topology.guildPartitionQueue(GuildPartitions.partitionOf(guildId, topology.guildPartitions()));
    }

    private String partitionWord(String guildId) {
        return GuildPartitions.word(GuildPartitions.partitionOf(guildId, topology.guildPartitions()));
    }

    private List<GetResponse> drain(String queue) throws Exception {
        List<GetResponse> all = new ArrayList<>();
        GetResponse got;
        while ((got = channel.basicGet(queue, true)) != null) {
            all.add(got);
        }
        return all;
    }

    private int depth(String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    private static final class BrokerOptionsDefaults {
        static final String URL = community.arrakis.gatewayproxy.app.cli.BrokerOptions.DEFAULT_URL;
    }
}
