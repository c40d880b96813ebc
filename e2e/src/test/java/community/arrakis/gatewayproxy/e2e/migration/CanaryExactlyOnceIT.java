package community.arrakis.gatewayproxy.e2e.migration;

import static org.assertj.core.api.Assertions.assertThat;

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
import community.arrakis.gatewayproxy.worker.migration.Side;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Guild canaries: the standalone bot and the proxy (an ingestor and two workers) both receive every
 * event, on two gateway sessions of the one shard, while the canary set changes every 400 ms under
 * load (the join guild moved to the proxy and back, 50 %, all, none). Every interaction must be
 * answered exactly once and every join given its role exactly once, as the simulator counts them.
 */
class CanaryExactlyOnceIT {

    @Test
    void everyEventIsHandledOnceWhileGuildsMoveBetweenStandaloneAndProxy() throws Exception {
        try (Pipeline pipeline = Pipeline.start("canary", SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))))) {
            Guild joinGuild = pipeline.guild(0);
            String role = Pipeline.role(joinGuild);
            MigrationStore store = pipeline.migrationStore();
            store.setCanary(CanaryPolicy.NONE);
            Worker w1 = pipeline.startWorker(pipeline.workerConfig("canary-w1"), BuiltInHandlers.create(role),
                    MigrationHooks.of(Side.PROXY, store, true, false));
            Worker w2 = pipeline.startWorker(pipeline.workerConfig("canary-w2"), BuiltInHandlers.create(role),
                    MigrationHooks.of(Side.PROXY, store, true, false));
            SimpleMeterRegistry standaloneRegistry = new SimpleMeterRegistry();
            pipeline.startStandalone(BuiltInHandlers.create(role), MigrationHooks.of(Side.STANDALONE, store, true, false),
                    new WorkerMetrics(standaloneRegistry));

            List<CanaryPolicy> cycle = List.of(
                    CanaryPolicy.NONE.withGuilds(Set.of(joinGuild.id())),
                    CanaryPolicy.percent(50),
                    CanaryPolicy.ALL,
                    CanaryPolicy.NONE.withGuilds(Set.of(pipeline.guild(1).id(), pipeline.guild(2).id())),
                    CanaryPolicy.NONE);
            CountDownLatch stop = new CountDownLatch(1);
            AtomicInteger changes = new AtomicInteger();
            Thread changer = Thread.ofPlatform().name("canary-changer").start(() -> {
                try {
                    while (!stop.await(400, TimeUnit.MILLISECONDS)) {
                        store.setCanary(cycle.get(changes.getAndIncrement() % cycle.size()));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            LoadReport report;
            try {
                report = new LoadDriver(pipeline.simulator()).withMix(LoadMix.parse("ping=80,join=20"))
                        .withJoinGuild(joinGuild.id())
                        .run(LoadProfile.constant(50, Duration.ofSeconds(15)), Duration.ofSeconds(10));
            } finally {
                stop.countDown();
                changer.join();
            }
            System.out.println(report.toTable());
            System.out.println("canary set changed " + changes.get() + " times; duplicates " + report.duplicates());

            assertThat(changes.get()).isGreaterThanOrEqualTo(20);
            assertThat(report.undelivered()).isZero();
            assertThat(report.lost()).as("events neither side handled").isZero();
            assertThat(report.duplicates()).as("events both sides handled").isZero();
            assertThat(report.errors()).isZero();
            assertThat(report.expired()).isZero();
            assertThat(report.answered()).isEqualTo(report.sent());
            // both sides did their share: the test would pass trivially if one side ran everything
            double proxyHandled = handled(w1.metrics().registry()) + handled(w2.metrics().registry());
            double standaloneHandled = handled(standaloneRegistry);
            assertThat(proxyHandled).isGreaterThan(50);
            assertThat(standaloneHandled).isGreaterThan(50);
            assertThat(proxyHandled + standaloneHandled).isEqualTo((double) report.sent());
        }
    }

    private static double handled(MeterRegistry registry) {
        return registry.find(WorkerMetrics.PROCESSED).tag("outcome", "handled").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
