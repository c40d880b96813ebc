package community.arrakis.gatewayproxy.worker.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import community.arrakis.gatewayproxy.envelope.Envelope;
import community.arrakis.gatewayproxy.envelope.EnvelopeCodec;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.testkit.RedisKeys;
import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.examples.JoinRoleHandler;
import community.arrakis.gatewayproxy.worker.testing.TestEnvelopes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in handlers end to end through the real RabbitMQ, Redis, the real REST client and the
 * Discord simulator. Envelopes are built from the ids of interactions and members the simulator
 * registered (the ingestor's part is covered by its own tests).
 */
class WorkerWithSimulatorIT {

    private static final String AMQP_URL = SharedServices.AMQP_URL;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final Topology topology = Topology.withPrefix("it-wsim-" + id + ".");
    private final RedisKeys redisKeys = RedisKeys.of("it-wsim-" + id + ":");
    private final String redisPrefix = redisKeys.prefix();
    private DiscordSimulator simulator;
    private Connection connection;
    private Channel publisher;
    private Worker worker;
    private Guild guild;
    private String roleId;

    @BeforeEach
    void setUp() throws Exception {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0));
        guild = simulator.world().guilds().get(0);
        roleId = guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
        connection = BrokerConnections.connect(AMQP_URL, "WorkerWithSimulatorIT");
        publisher = connection.createChannel();
        new TopologyDeclarer(topology).declare(publisher);
        publisher.confirmSelect();
        WorkerConfig config = WorkerConfig.builder().amqpUrl(AMQP_URL).redisUrl(SharedServices.REDIS_URL)
                .apiBaseUrl(simulator.apiBaseUrl())
                .topology(topology).redisKeyPrefix(redisPrefix).workerId("it-" + id)
                .botToken(SimulatorConfig.DEFAULT_BOT_TOKEN).joinRoleId(roleId).build();
        worker = Worker.start(config, BuiltInHandlers.create(roleId), new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() throws Exception {
        worker.close();
        new TopologyDeclarer(topology).delete(connection);
        connection.close();
        simulator.close();
        redisKeys.deleteAll();
    }

    private void publish(Envelope envelope) throws Exception {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2).priority(envelope.priority()).build();
        publisher.basicPublish(topology.eventsExchange(),
                GuildPartitions.routingKey(envelope, topology.guildPartitions()), props, new EnvelopeCodec().encode(envelope));
        publisher.waitForConfirmsOrDie(5_000);
    }

    @Test
    void slashPingIsAnsweredWithPongThroughTheSimulator() throws Exception {
        String user = guild.members().get(0).user().id();
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), user, "ping");
        publish(TestEnvelopes.commandFor(ping.id(), ping.token(), simulator.config().applicationId(), guild.id(),
                ping.channelId(), user, "ping"));

        RecordedRequest callback = simulator.requests().await(
                r -> r.is("POST", "/interactions/{interaction_id}/{interaction_token}/callback"), Duration.ofSeconds(10));
        assertThat(callback.status()).isEqualTo(204);
        assertThat(callback.pathParam("interaction_id")).contains(ping.id());
        assertThat(callback.body()).isEqualTo("{\"type\":4,\"data\":{\"content\":\"pong\"}}");
    }

    @Test
    void memberJoinGetsTheConfiguredRoleWithAnAuditLogReason() throws Exception {
        String user = guild.members().get(1).user().id();
        publish(TestEnvelopes.memberJoin(guild.id(), user));

        RecordedRequest put = simulator.requests().await(
                r -> r.is("PUT", "/guilds/{guild_id}/members/{user_id}/roles/{role_id}"), Duration.ofSeconds(10));
        assertThat(put.status()).isEqualTo(204);
        assertThat(put.pathParam("user_id")).contains(user);
        assertThat(put.pathParam("role_id")).contains(roleId);
        assertThat(put.header("X-Audit-Log-Reason").map(v -> URLDecoder.decode(v, StandardCharsets.UTF_8)))
                .contains(JoinRoleHandler.AUDIT_LOG_REASON);
        await().atMost(Duration.ofSeconds(5)).until(() -> guild.member(user).orElseThrow().roleIds().contains(roleId));
    }
}
