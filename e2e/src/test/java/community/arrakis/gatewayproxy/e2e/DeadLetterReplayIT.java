package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import community.arrakis.gatewayproxy.app.Main;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.JoinRoleHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dead letter replayed with {@code dlq replay} is taken and handled by a real worker: the whole
 * pipeline (simulator → ingestor → RabbitMQ → worker → the simulator's REST), a member-join handler
 * that fails until "the bug is fixed", then the command line the engineer on call would type.
 */
class DeadLetterReplayIT {

    private static final String AMQP_URL = SharedServices.AMQP_URL;
    private static final String ADD_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String prefix = "it-dlqreplay-" + id + ".";
    private final Topology topology = Topology.withPrefix(prefix);
    private final String redisPrefix = "it-dlqreplay-" + id + ":";
    /** The handler's bug: while true, every member join fails. */
    private final AtomicBoolean broken = new AtomicBoolean(true);
    /** How many times the handler ran, by user. */
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    private DiscordSimulator simulator;
    private Ingestor ingestor;
    private Worker worker;
    private Connection admin;
    private Channel channel;
    private LogCapture logs;
    private Guild guild;
    private String roleId;

    @BeforeEach
    void startPipeline() throws Exception {
        logs = LogCapture.attach();
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0));
        guild = simulator.world().guilds().get(0);
        roleId = guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
        ingestor = new Ingestor(IngestorConfig.builder().botToken(SimulatorConfig.DEFAULT_BOT_TOKEN)
                .apiBaseUrl(simulator.apiBaseUrl())
                .amqpUrl(AMQP_URL).topology(topology)
                .redisUrl(SharedServices.REDIS_URL).redisKeyPrefix(redisPrefix)
                .opsPort(0).build()).start();
        JoinRoleHandler giveRole = new JoinRoleHandler(roleId);
        Handlers handlers = Handlers.create().memberJoin(ctx -> {
            runs.computeIfAbsent(ctx.userId(), user -> new AtomicInteger()).incrementAndGet();
            if (broken.get()) {
                throw new IllegalStateException("welcome channel missing");
            }
            giveRole.handle(ctx);
        });
        worker = Worker.start(WorkerConfig.builder().amqpUrl(AMQP_URL).redisUrl(SharedServices.REDIS_URL)
                        .apiBaseUrl(simulator.apiBaseUrl())
                        .topology(topology).redisKeyPrefix(redisPrefix).workerId("it-dlqreplay-" + id)
                        .botToken(SimulatorConfig.DEFAULT_BOT_TOKEN).build(),
                handlers, metrics);
        admin = BrokerConnections.connect(AMQP_URL, "DeadLetterReplayIT");
        channel = admin.createChannel();
        await().atMost(WAIT).until(() -> ingestor.isReady() && worker.ready());
    }

    @AfterEach
    void stopPipeline() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (ingestor != null) {
            ingestor.close();
        }
        try {
            new TopologyDeclarer(topology).delete(admin);
        } finally {
            admin.close();
        }
        RedisKeys.of(redisPrefix).deleteAll();
        simulator.close();
        logs.close();
        assertThat(logs.containing(List.of(SimulatorConfig.DEFAULT_BOT_TOKEN))).as("log lines with the bot token").isEmpty();
    }

    @Test
    void aReplayedDeadLetterIsHandledByAWorkerOnceTheCauseIsFixed() throws Exception {
        String first = newcomer(1);
        String second = newcomer(2);
        simulator.emitMemberAdd(guild.id(), first);
        simulator.emitMemberAdd(guild.id(), second);
        await().atMost(WAIT).until(() -> depth(topology.deadLetterQueue()) == 2);
        assertThat(simulator.requests().filter(r -> r.is("PUT", ADD_ROLE))).as("no role given while broken").isEmpty();

        String list = dlq("list");
        assertThat(list).contains("2 messages").contains("IllegalStateException: welcome channel missing")
                .contains("member.join").contains(guild.id());

        broken.set(false); // the fix is deployed
        String replay = dlq("replay", "--event-type", "member.join", "--guild", guild.id());

        assertThat(replay).startsWith("replayed 2 of 2 dead letters");
        for (String user : List.of(first, second)) {
            RecordedRequest put = simulator.requests().await(r -> r.is("PUT", ADD_ROLE)
                    && r.pathParam("user_id").orElse("").equals(user), WAIT);
            assertThat(put.status()).isEqualTo(204);
            assertThat(put.pathParam("role_id")).contains(roleId);
        }
        assertThat(runs.get(first)).hasValue(2);
        assertThat(runs.get(second)).hasValue(2);
        await().atMost(WAIT).until(() -> depth(guildPartition()) == 0);
        assertThat(depth(topology.deadLetterQueue())).isZero();
        assertThat(dlq("replay")).startsWith("nothing to replay: 0 dead letters of 0");
    }

    /** The partition queue of the test's guild, where its events and their replays go. */
    private String guildPartition() {
        return topology.guildPartitionQueue(GuildPartitions.partitionOf(guild.id(), topology.guildPartitions()));
    }

    @Test
    void aSecondReplayOfAnEventAlreadyHandledHasNoSecondEffect() throws Exception {
        String user = newcomer(3);
        simulator.emitMemberAdd(guild.id(), user);
        await().atMost(WAIT).until(() -> depth(topology.deadLetterQueue()) == 1);
        GetResponse deadLetter = copyOfTheDeadLetter();
        broken.set(false);

        assertThat(dlq("replay")).startsWith("replayed 1 of 1 dead letter");
        simulator.requests().await(r -> r.is("PUT", ADD_ROLE) && r.pathParam("user_id").orElse("").equals(user), WAIT);
        await().atMost(WAIT).until(() -> depth(guildPartition()) == 0);

        // The replay was confirmed but its acknowledgement never reached the broker: the dead letter is still there.
        channel.basicPublish(topology.deadLetterExchange(), Topology.DEAD_LETTER_ROUTING_KEY, deadLetter.getProps(),
                deadLetter.getBody());
        await().atMost(WAIT).until(() -> depth(topology.deadLetterQueue()) == 1);
        assertThat(dlq("replay")).startsWith("replayed 1 of 1 dead letter");

        await().atMost(WAIT).until(() -> deduplicated() == 1);
        assertThat(runs.get(user)).as("the handler ran for the failure and the first replay only").hasValue(2);
        assertThat(simulator.requests().filter(r -> r.is("PUT", ADD_ROLE) && r.pathParam("user_id").orElse("").equals(user)))
                .hasSize(1);
    }

    private String dlq(String command, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[5 + options.length];
        args[0] = "dlq";
        args[1] = command;
        args[2] = "--rabbitmq-url=" + AMQP_URL;
        args[3] = "--topology-prefix";
        args[4] = prefix;
        System.arraycopy(options, 0, args, 5, options.length);
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("dlq %s: %s", command, err).isZero();
        return out.toString();
    }

    /** The dead letter as it is in the queue, which keeps it (read, then given back). */
    private GetResponse copyOfTheDeadLetter() throws Exception {
        try (Channel peek = admin.createChannel()) {
            GetResponse got = peek.basicGet(topology.deadLetterQueue(), false);
            assertThat(got.getProps().getHeaders()).containsKey(DeadLetterHeaders.REASON);
            return got;
        }
    }

    private String newcomer(int n) {
        return Long.toString(Snowflakes.fromTimestamp(System.currentTimeMillis()) + n);
    }

    private int depth(String queue) throws Exception {
        return channel.queueDeclarePassive(queue).getMessageCount();
    }

    /** Envelopes the worker acknowledged without running, their event id being done already. */
    private double deduplicated() {
        return metrics.find(WorkerMetrics.DEDUPLICATED).counters().stream().mapToDouble(Counter::count).sum();
    }
}
