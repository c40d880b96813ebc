package community.arrakis.gatewayproxy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.discord.gateway.ShardOptions;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Standalone mode: the gateway and the handlers in one process. Its promise is that the gateway
 * never waits for a handler, so a stuck handler cannot cost the session.
 */
class StandaloneIT {

    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";

    private final CountDownLatch releaseJoins = new CountDownLatch(1);
    private final AtomicInteger joinsHandled = new AtomicInteger();
    private DiscordSimulator simulator;
    private StandaloneBot bot;
    private Guild guild;

    @BeforeEach
    void start() {
        simulator = DiscordSimulator.start(SimulatorConfig.defaults().withPort(0)
                .withHeartbeatInterval(Duration.ofMillis(250)));
        guild = simulator.world().guilds().get(0);
        bot = StandaloneBot.start(simulator.apiBaseUrl(), SimulatorConfig.DEFAULT_BOT_TOKEN, ShardOptions.DEFAULT_INTENTS,
                community.arrakis.gatewayproxy.discord.gateway.compression.TransportCompression.ZLIB_STREAM, false, BuiltInHandlers.create(null).memberJoin(ctx -> {
                    releaseJoins.await(30, TimeUnit.SECONDS);
                    joinsHandled.incrementAndGet();
                }), 8);
        await().atMost(Duration.ofSeconds(10)).until(bot::isReady);
    }

    @AfterEach
    void stop() {
        releaseJoins.countDown();
        bot.close();
        simulator.close();
    }

    @Test
    void aStuckHandlerDelaysNeitherTheGatewayNorInteractions() {
        long firstNewUser = Snowflakes.fromTimestamp(System.currentTimeMillis());
        for (int i = 0; i < 200; i++) {
            simulator.emitMemberAdd(guild.id(), Long.toString(firstNewUser + i));
        }
        String user = guild.members().get(0).user().id();
        EmittedInteraction ping = simulator.emitSlashCommand(guild.id(), user, "ping");

        RecordedRequest callback = simulator.requests().await(r -> r.is("POST", CALLBACK)
                && r.pathParam("interaction_id").orElse("").equals(ping.id()), Duration.ofSeconds(5));
        assertThat(callback.body()).contains("pong");
        assertThat(joinsHandled).as("the joins are still stuck behind the first one").hasValue(0);
        assertThat(bot.queued()).as("the gateway read all 200 joins although none could run").isGreaterThanOrEqualTo(199);

        // With a 250 ms heartbeat interval the simulator ends a session that stops heartbeating
        // (4009); the session staying the same and READY for 2 s means heartbeats kept going.
        var shard = bot.shards().get(0);
        String session = shard.resumeState().orElseThrow().sessionId();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() ->
                shard.status() == ShardStatus.READY && shard.resumeState().orElseThrow().sessionId().equals(session));
        assertThat(shard.heartbeatRttMillis()).isPresent();
        assertThat(joinsHandled).hasValue(0);

        releaseJoins.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> joinsHandled.get() == 200);
    }
}
