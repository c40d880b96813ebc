package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import java.io.File;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingestor, a JVM of its own, is killed with SIGKILL under steady load and started again: it
 * resumes every session from its Redis checkpoint, Discord replays what came after, and no event
 * is missing (duplicates are allowed and counted: up to one checkpoint interval was confirmed but
 * not yet checkpointed).
 *
 * <p>Load and duration: {@code -Darrakis.it.crash.rate=1000} events/s,
 * {@code -Darrakis.it.crash.seconds=3} before the kill and again after the restart.
 */
class NoEventLostOnIngestorCrashIT {

    private static final int RATE = Integer.getInteger("arrakis.it.crash.rate", 1_000);
    private static final int SECONDS = Integer.getInteger("arrakis.it.crash.seconds", 3);
    private static final int SHARDS = 2;
    /** The target is 2 s; the bound is generous because a loaded CI machine starts JVMs slowly. */
    private static final Duration RESTART_BOUND = Duration.ofSeconds(10);

    private SimulatedPipeline pipeline;
    private Process ingestor;

    @AfterEach
    void tearDown() throws Exception {
        if (ingestor != null) {
            ingestor.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void sigkilledIngestorResumesFromRedisWhenRestartedAndLosesNothing() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults().withRecommendedShards(SHARDS)
                .withMaxConcurrency(SHARDS).withWorld(new WorldSpec(4, 5, 2)), "crash");
        File log = new File("target/ingestor-crash-" + pipeline.redisPrefix.replace(':', '-') + ".log");
        ingestor = IngestorProcess.launch(pipeline, SHARDS, log);
        await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.discord.sessions().stream()
                .filter(s -> s.connected()).count() == SHARDS);

        long killedAfter;
        long restartNanos;
        try (SimulatedTraffic traffic = SimulatedTraffic.start(pipeline.discord, RATE)) {
            await().atMost(Duration.ofSeconds(SECONDS * 5L)).until(() -> traffic.emitted() >= (long) RATE * SECONDS);
            ingestor.destroyForcibly();
            assertThat(ingestor.waitFor(10, TimeUnit.SECONDS)).isTrue();
            killedAfter = traffic.emitted();
            // what the dead process had published is consumed; then nothing new can come
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> System.nanoTime() - pipeline.lastDeliveryNanos() > TimeUnit.MILLISECONDS.toNanos(300));
            Set<String> beforeRestart = pipeline.receivedEventIds();

            long launched = System.nanoTime();
            ingestor = IngestorProcess.launch(pipeline, SHARDS, log);
            await().atMost(RESTART_BOUND).pollInterval(Duration.ofMillis(5))
                    .until(() -> pipeline.receivedCount() > beforeRestart.size());
            restartNanos = System.nanoTime() - launched;
            long resumedAt = traffic.emitted();
            await().atMost(Duration.ofSeconds(SECONDS * 5L))
                    .until(() -> traffic.emitted() >= resumedAt + (long) RATE * SECONDS);
        }
        pipeline.assertNothingLost(Duration.ofSeconds(30));

        assertThat(pipeline.discord.dispatches().ofType("READY")).as("no new session: both shards resumed")
                .hasSize(SHARDS);
        assertThat(pipeline.discord.dispatches().ofType("RESUMED")).hasSizeGreaterThanOrEqualTo(SHARDS);
        System.out.printf(Locale.ROOT, "ingestor crash: %d events at %d/s, killed after %d; restart -> first new event "
                        + "published %d ms (target < 2000 ms); %d duplicates delivered%n",
                pipeline.receivedCount(), RATE, killedAfter, TimeUnit.NANOSECONDS.toMillis(restartNanos),
                pipeline.duplicates());
        assertThat(Duration.ofNanos(restartNanos)).isLessThan(RESTART_BOUND);
    }
}
