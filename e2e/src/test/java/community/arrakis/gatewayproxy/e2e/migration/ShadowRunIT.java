package community.arrakis.gatewayproxy.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.envelope.Snowflakes;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.examples.JoinRoleHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import community.arrakis.gatewayproxy.worker.migration.ShadowComparison;
import community.arrakis.gatewayproxy.worker.migration.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shadow run: a live standalone bot answers users and records its writes; the ingestor (a second
 * gateway session of the shard) and a shadow worker run the same events and record what they would
 * write, sending nothing. The shadow's /ping answers differently on purpose; the comparison must
 * catch exactly that, match the joins, and Discord (the simulator) must see only the live bot.
 */
class ShadowRunIT {

    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    @Test
    void theComparisonCatchesADivergingHandlerAndTheShadowSendsNothing() throws Exception {
        try (Pipeline pipeline = Pipeline.start("shadow", SimulatorConfig.defaults())) {
            Guild guild = pipeline.guild(0);
            String role = Pipeline.role(guild);
            MigrationStore store = pipeline.migrationStore();
            pipeline.startStandalone(BuiltInHandlers.create(role), MigrationHooks.of(Side.STANDALONE, store, false, true),
                    WorkerMetrics.standalone());
            Handlers diverging = Handlers.create().command("ping", ctx -> ctx.reply("pong, but from version 2"))
                    .memberJoin(new JoinRoleHandler(role));
            pipeline.startWorker(pipeline.workerConfig("shadow-w1"), diverging, MigrationHooks.of(Side.SHADOW, store, false, false));

            List<EmittedInteraction> pings = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                pings.add(pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, i % 3), "ping"));
            }
            long firstNewUser = Snowflakes.fromTimestamp(System.currentTimeMillis());
            for (int i = 0; i < 4; i++) {
                pipeline.simulator().emitMemberAdd(guild.id(), Long.toString(firstNewUser + i));
            }

            ShadowComparison.Report report = await().atMost(Duration.ofSeconds(20)).until(
                    () -> ShadowComparison.compare(store.writes(Side.STANDALONE), store.writes(Side.SHADOW), Long.MAX_VALUE, 3),
                    r -> r.compared() == 14 && r.missingInShadow() == 0 && r.missingInLive() == 0);
            System.out.println(report.toTable());

            assertThat(report.rows()).extracting(ShadowComparison.TypeRow::eventType, ShadowComparison.TypeRow::matched,
                            ShadowComparison.TypeRow::different)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("interaction.command.ping", 0L, 10L),
                            org.assertj.core.groups.Tuple.tuple("member.join", 4L, 0L));
            assertThat(report.examples()).hasSize(3).allSatisfy(e -> {
                assertThat(e.onlyLive()).singleElement().asString().contains("\"content\":\"pong\"");
                assertThat(e.onlyShadow()).singleElement().asString().contains("pong, but from version 2");
            });
            assertThat(report.rows().get(0).live().count()).isEqualTo(10);
            assertThat(report.rows().get(0).shadow().count()).isEqualTo(10);
            // Discord saw the live bot only: one answer per interaction, one role per join, nothing from the shadow
            for (EmittedInteraction ping : pings) {
                assertThat(pipeline.callbacksFor(ping.id())).singleElement()
                        .satisfies(r -> assertThat(r.body()).contains("\"pong\""));
            }
            assertThat(pipeline.simulator().requests().matching("PUT", ROLE_ROUTE)).hasSize(4);
        }
    }
}
