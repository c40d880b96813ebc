package community.arrakis.gatewayproxy.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.load.LoadDriver;
import community.arrakis.gatewayproxy.simulator.load.LoadMix;
import community.arrakis.gatewayproxy.simulator.load.LoadProfile;
import community.arrakis.gatewayproxy.simulator.load.LoadReport;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.migration.CanaryPolicy;
import community.arrakis.gatewayproxy.worker.migration.MigrationHooks;
import community.arrakis.gatewayproxy.worker.migration.MigrationStore;
import community.arrakis.gatewayproxy.worker.migration.ShadowComparison;
import community.arrakis.gatewayproxy.worker.migration.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/migration.md rehearsed against the simulator under load (scripts/migration-rehearsal.sh runs
 * it): legacy → shadow → compare → canary 1 % → 10 % → 100 % → back to 0 % (the rollback) → 100 %
 * → standalone retired. Each stage runs {@link #RATE}/s of /ping and joins for {@link #STAGE} and
 * prints one line with what happened to them (and, for the shadow stage, the comparison). Every
 * stage and the rollback must lose nothing and answer nothing twice.
 */
class MigrationRehearsalIT {

    static final int RATE = Integer.getInteger("rehearsal.rate", 40);
    static final Duration STAGE = Duration.ofSeconds(Integer.getInteger("rehearsal.seconds", 10));

    private final List<String> lines = new ArrayList<>();

    @Test
    void everyStageAndTheRollbackLoseNothingAndAnswerNothingTwice() throws Exception {
        // 100 guilds, so that 1 % and 10 % move some guilds (by the stable hash) and not none
        try (Pipeline pipeline = Pipeline.start("rehearsal", SimulatorConfig.defaults()
                .withWorld(new community.arrakis.gatewayproxy.simulator.WorldSpec(100, 3, 1))
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))))) {
            Guild joinGuild = pipeline.guild(0);
            String role = Pipeline.role(joinGuild);
            MigrationStore store = pipeline.migrationStore();
            store.setCanary(CanaryPolicy.NONE);
            List<Guild> guilds = pipeline.simulator().world().guilds();
            // the live bot of every stage until it is retired: canary-aware, recording its writes
            StandaloneBot live = pipeline.startStandalone(BuiltInHandlers.create(role),
                    MigrationHooks.of(Side.STANDALONE, store, true, true), WorkerMetrics.standalone());

            stage(pipeline, "1 legacy (standalone only)");

            Worker shadow = pipeline.startWorker(pipeline.workerConfig("rehearsal-shadow"), BuiltInHandlers.create(role),
                    MigrationHooks.of(Side.SHADOW, store, false, false));
            // the comparison window starts once the shadow has caught up with what queued before it
            // (docs/migration.md: shadow-report --clear)
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    pipeline.depth(pipeline.topology().interactionsQueue()) == 0
                            && pipeline.guildDepth() == 0 && shadow.inFlight() == 0);
            store.clearWrites();
            stage(pipeline, "2 shadow (ingestor + shadow worker record, send nothing)");
            ShadowComparison.Report comparison = ShadowComparison.compare(store.writes(Side.STANDALONE),
                    store.writes(Side.SHADOW), Long.MAX_VALUE, 3);
            lines.add("3 compare: " + comparison.matched() + " matched, " + comparison.missingInShadow()
                    + " missing in shadow, " + comparison.missingInLive() + " missing in live, " + comparison.different()
                    + " different\n" + comparison.toTable());
            assertThat(comparison.clean()).as("the shadow runs the same handlers").isTrue();
            assertThat(comparison.matched()).isGreaterThan(0);
            shadow.close();
            store.clearWrites();

            pipeline.startWorker(pipeline.workerConfig("rehearsal-w1"), BuiltInHandlers.create(role),
                    MigrationHooks.of(Side.PROXY, store, true, false));
            pipeline.startWorker(pipeline.workerConfig("rehearsal-w2"), BuiltInHandlers.create(role),
                    MigrationHooks.of(Side.PROXY, store, true, false));
            for (double percent : new double[] {1, 10, 100}) {
                CanaryPolicy policy = CanaryPolicy.percent(percent);
                store.setCanary(policy);
                stage(pipeline, "4 canary " + (int) percent + " % (" + guilds.stream().filter(g -> policy.includes(g.id())).count()
                        + " of " + guilds.size() + " guilds on the proxy)");
            }
            store.setCanary(CanaryPolicy.NONE);
            stage(pipeline, "R rollback to 0 % (standalone serves every guild again)");
            store.setCanary(CanaryPolicy.ALL);
            stage(pipeline, "5 canary 100 % again");
            pipeline.stopStandalone(live);
            stage(pipeline, "6 standalone retired (proxy only)");
        } finally {
            System.out.println("\n==== migration rehearsal: " + RATE + "/s for " + STAGE.toSeconds() + " s per stage ====");
            lines.forEach(System.out::println);
        }
    }

    private void stage(Pipeline pipeline, String name) {
        LoadReport report = new LoadDriver(pipeline.simulator()).withMix(LoadMix.parse("ping=80,join=20"))
                .withJoinGuild(pipeline.guild(0).id())
                .run(LoadProfile.constant(RATE, STAGE), Duration.ofSeconds(10));
        lines.add(String.format("stage %-62s sent %5d  answered %5d  expired %3d  lost %3d  duplicates %3d  errors %3d  p95 %.0f ms",
                name, report.sent(), report.answered(), report.expired(), report.lost(), report.duplicates(), report.errors(),
                report.percentileMicros(95) / 1000.0));
        assertThat(report.lost()).as(name + ": lost").isZero();
        assertThat(report.duplicates()).as(name + ": duplicates").isZero();
        assertThat(report.errors()).as(name + ": errors").isZero();
    }
}
