package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedEvent;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.examples.JoinRoleHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole pipeline over real sockets: the simulator's gateway → ingestor → RabbitMQ → worker →
 * the simulator's REST API, with Redis for checkpoints and state. Nothing is mocked.
 */
class PipelineIT {

    private static final String ADD_ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private final Map<String, Envelope> seenByWorker = new ConcurrentHashMap<>();

    private Pipeline pipeline;
    private DiscordSimulator simulator;
    private Worker worker;
    private Guild guild;
    private String roleId;
    private LogCapture logs;

    @BeforeEach
    void startPipeline() throws Exception {
        logs = LogCapture.attach();
        pipeline = Pipeline.start("pipeline", SimulatorConfig.defaults());
        simulator = pipeline.simulator();
        guild = pipeline.guild(1);
        roleId = Pipeline.role(guild);
        Handlers handlers = BuiltInHandlers.create(roleId)
                .command("inspect", ctx -> {
                    seenByWorker.put(ctx.interactionId(), ctx.envelope());
                    ctx.reply("inspected");
                })
                .memberLeave(ctx -> seenByWorker.put(ctx.eventId(), ctx.envelope()));
        // the built-in handlers, configured as the worker command configures them
        worker = pipeline.startWorker(pipeline.workerConfig("it-pipeline").toBuilder().joinRoleId(roleId).build(), handlers);
        await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.ingestor().isReady() && worker.ready());
    }

    @AfterEach
    void stopPipeline() throws Exception {
        if (pipeline == null) {
            logs.close();
            return; // it did not start; the failure says why
        }
        // Every interaction token the simulator handed out, read before it stops.
        List<String> secrets = new ArrayList<>(simulator.requests()
                .filter(r -> r.pathParam("interaction_token").isPresent()).stream()
                .map(r -> r.pathParam("interaction_token").orElseThrow()).distinct().toList());
        secrets.add(SimulatorConfig.DEFAULT_BOT_TOKEN);
        pipeline.close();
        logs.close();
        // Every line the run logged, from start to shutdown: no bot token, no interaction token.
        assertThat(logs.lines()).as("log lines written").isNotEmpty();
        assertThat(logs.containing(secrets)).as("log lines with the bot token or an interaction token").isEmpty();
    }

    @Test
    void slashCommandIsAnsweredThroughTheWholePipeline() {
        String user = guild.members().get(0).user().id();
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), user, "ping");

        RecordedRequest callback = simulator.requests().await(
                r -> r.is("POST", Pipeline.CALLBACK_ROUTE) && r.pathParam("interaction_id").orElse("").equals(ping.id()),
                Duration.ofSeconds(10));
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.pathParam("interaction_token")).contains(ping.token());
        assertThat(callback.body()).isEqualTo("{\"type\":4,\"data\":{\"content\":\"pong\"}}");
        assertThat(simulator.requests().filter(r -> r.is("POST", Pipeline.CALLBACK_ROUTE))).hasSize(1);
    }

    @Test
    void workerSeesEveryEnvelopeFieldTheIngestorFilledIn() {
        String user = guild.members().get(1).user().id();
        long before = System.currentTimeMillis();
        EmittedInteraction inspect = simulator.emitSlashCommand(guild.id(), user, "inspect");
        simulator.requests().await(r -> r.is("POST", Pipeline.CALLBACK_ROUTE)
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
