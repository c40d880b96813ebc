package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.ingestor.IngestorConfig;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedEvent;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.examples.JoinRoleHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline over real sockets: the simulator's gateway → ingestor → RabbitMQ → worker →
 * the simulator's REST API, with Redis for checkpoints and state. Nothing is mocked.
 */
class PipelineIT {

    private static final String AMQP_URL = TestServices.AMQP_URL;
    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    private static final String ADD_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Topology topology = Topology.withPrefix("it-pipeline-" + id + ".");
    private final String redisPrefix = "it-pipeline-" + id + ":";
    private final Map<String, Envelope> seenByWorker = new ConcurrentHashMap<>();

    private DiscordSimulator simulator;
    private Ingestor ingestor;
    private Worker worker;
    private Guild guild;
    private String roleId;
    private LogCapture logs;

    @BeforeEach
    void startPipeline() throws Exception {
        logs = LogCapture.attach();
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0));
        guild = simulator.world().guilds().get(1);
        roleId = guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
        ingestor = new Ingestor(IngestorConfig.builder().botToken(SimulatorConfig.DEFAULT_BOT_TOKEN)
                .apiBaseUrl(simulator.apiBaseUrl())
                .amqpUrl(AMQP_URL).topology(topology)
                .redisUrl(TestServices.REDIS_URL).redisKeyPrefix(redisPrefix)
                .opsPort(0).build()).start();
        Handlers handlers = BuiltInHandlers.create(roleId)
                .command("inspect", ctx -> {
                    seenByWorker.put(ctx.interactionId(), ctx.envelope());
                    ctx.reply("inspected");
                })
                .memberLeave(ctx -> seenByWorker.put(ctx.eventId(), ctx.envelope()));
        worker = Worker.start(WorkerConfig.builder().amqpUrl(AMQP_URL).redisUrl(TestServices.REDIS_URL)
                        .apiBaseUrl(simulator.apiBaseUrl())
                        .topology(topology).redisKeyPrefix(redisPrefix).workerId("it-pipeline-" + id)
                        .botToken(SimulatorConfig.DEFAULT_BOT_TOKEN).joinRoleId(roleId).build(),
                handlers, new SimpleMeterRegistry());
        await().atMost(Duration.ofSeconds(15)).until(() -> ingestor.isReady() && worker.ready());
    }

    @AfterEach
    void stopPipeline() throws Exception {
        if (worker != null) {
            worker.close();
        }
        if (ingestor != null) {
            ingestor.close();
        }
        try (Connection connection = BrokerConnections.connect(AMQP_URL, "PipelineIT cleanup")) {
            new TopologyDeclarer(topology, false).delete(connection);
        }
        TestServices.deleteRedisKeys(redisPrefix);
        // Every line the run logged, from start to shutdown: no bot token, no interaction token.
        List<String> secrets = new ArrayList<>(simulator.requests()
                .filter(r -> r.pathParam("interaction_token").isPresent()).stream()
                .map(r -> r.pathParam("interaction_token").orElseThrow()).distinct().toList());
        secrets.add(SimulatorConfig.DEFAULT_BOT_TOKEN);
        simulator.close();
        logs.close();
        assertThat(logs.lines()).as("log lines written").isNotEmpty();
        assertThat(logs.containing(secrets)).as("log lines with the bot token or an interaction token").isEmpty();
    }

    @Test
    void slashCommandIsAnsweredThroughTheWholePipeline() {
        String user = guild.members().get(0).user().id();
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), user, "ping");

        RecordedRequest callback = simulator.requests().await(
                r -> r.is("POST", CALLBACK) && r.pathParam("interaction_id").orElse("").equals(ping.id()),
                Duration.ofSeconds(10));
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.pathParam("interaction_token")).contains(ping.token());
        assertThat(callback.body()).isEqualTo("{\"type\":4,\"data\":{\"content\":\"pong\"}}");
        assertThat(simulator.requests().filter(r -> r.is("POST", CALLBACK))).hasSize(1);
    }

    @Test
    void workerSeesEveryEnvelopeFieldTheIngestorFilledIn() {
        String user = guild.members().get(1).user().id();
        long before = System.currentTimeMillis();
        EmittedInteraction inspect = simulator.emitSlashCommand(guild.id(), user, "inspect");
        simulator.requests().await(r -> r.is("POST", CALLBACK)
                && r.pathParam("interaction_id").orElse("").equals(inspect.id()), Duration.ofSeconds(10));

        Envelope seen = seenByWorker.get(inspect.id());
        assertThat(seen).isNotNull();
        assertThat(seen.schemaVersion()).isEqualTo(Envelope.SCHEMA_VERSION);
        assertThat(seen.eventId()).isEqualTo(inspect.id());
        assertThat(seen.eventType()).isEqualTo("interaction.command.inspect");
        assertThat(seen.dispatchType()).isEqualTo("INTERACTION_CREATE");
        assertThat(seen.priority()).isEqualTo(10);
        assertThat(seen.interactionId()).isEqualTo(inspect.id());
        assertThat(seen.interactionToken()).isEqualTo(inspect.token());
        assertThat(seen.applicationId()).isEqualTo(simulator.config().applicationId());
        assertThat(seen.guildId()).isEqualTo(guild.id());
        assertThat(seen.channelId()).isEqualTo(inspect.channelId());
        assertThat(seen.userId()).isEqualTo(user);
        assertThat(seen.shardId()).isEqualTo(inspect.deliveries().get(0).shardId());
        assertThat(seen.sessionId()).isEqualTo(inspect.deliveries().get(0).sessionId());
        assertThat(seen.sequence()).isEqualTo(inspect.deliveries().get(0).seq());
        assertThat(seen.timestamp()).isEqualTo(Snowflakes.timestampMillis(inspect.id()));
        assertThat(seen.receivedAt()).isBetween(before, System.currentTimeMillis());
        assertThat(seen.traceId()).matches("[0-9a-f]{32}");
        assertThat(seen.data()).containsEntry("commandName", "inspect").containsEntry("interactionType", "2");
        assertThat(seen.payload()).contains("\"id\":\"" + inspect.id() + "\"");
    }

    @Test
    void memberJoinGetsTheConfiguredRoleAndLeaveArrivesWithASequenceEventId() {
        String newcomer = Long.toString(Snowflakes.fromTimestamp(System.currentTimeMillis()) + 7);
        simulator.emitMemberAdd(guild.id(), newcomer);

        RecordedRequest put = simulator.requests().await(r -> r.is("PUT", ADD_ROLE)
                && r.pathParam("user_id").orElse("").equals(newcomer), Duration.ofSeconds(10));
        assertThat(put.status()).isEqualTo(204);
        assertThat(put.pathParam("guild_id")).contains(guild.id());
        assertThat(put.pathParam("role_id")).contains(roleId);
        assertThat(put.header("X-Audit-Log-Reason").map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8)))
                .contains(JoinRoleHandler.AUDIT_LOG_REASON);
        assertThat(put.header("authorization")).isPresent();

        EmittedEvent leave = simulator.emitMemberRemove(guild.id(), newcomer);
        var delivery = leave.deliveries().get(0);
        String eventId = delivery.shardId() + ":" + delivery.sessionId() + ":" + delivery.seq();
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByWorker.containsKey(eventId));
        Envelope seen = seenByWorker.get(eventId);
        assertThat(seen.eventType()).isEqualTo("member.leave");
        assertThat(seen.priority()).isEqualTo(5);
        assertThat(seen.guildId()).isEqualTo(guild.id());
        assertThat(seen.userId()).isEqualTo(newcomer);
        assertThat(seen.interactionToken()).isNull();
    }
}
