package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.testkit.PrivateRedis;
import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.discord.gateway.ResumeState;
import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.simulator.RecordedDispatch;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ingestor's Redis (a {@link PrivateRedis} of the test's own; the machine's shared Redis is never
 * stopped) is killed with SIGKILL while events flow, and started again empty.
 *
 * <ul>
 *   <li>While it is down every shard stays READY on its first session (no reconnect, no resume, no
 *       second READY), every dispatched event reaches the broker, and {@code /health/ready} stays
 *       200 with a {@code redis} entry that says the checkpoints are held in memory.</li>
 *   <li>Once it is back, empty, each shard's checkpoint is written again with its latest sequence
 *       although no new event came to move it (the figure is printed).</li>
 *   <li>A shard that must identify while Redis is down (the session ended by op 9) waits for Redis
 *       instead of identifying without a slot; readiness names the wait; it identifies once Redis
 *       is back.</li>
 *   <li>An outage is one WARN and one INFO line, never one per checkpoint tick; no ERROR.</li>
 * </ul>
 *
 * <p>Before the ingestor's Redis client failed fast, the shards did keep publishing, but a
 * checkpoint write was queued by Lettuce while disconnected and held the job thread (shared with
 * the silent-shard watchdog) for Lettuce's one-minute timeout, the reconnect backoff grew to 30 s,
 * readiness said nothing about Redis, and a graceful stop with Redis down took a minute per shard,
 * logging an ERROR for each.
 */
class IngestorSurvivesRedisOutageIT {

    private static final int SHARDS = 2;
    private static final int RATE = 300;
    private static final Duration OUTAGE = Duration.ofSeconds(2);
    private static final Duration REWRITE_BOUND = Duration.ofSeconds(2);
    /** A 1 s identify window (simulator and ingestor alike), so new sessions do not each wait 5 s. */
    private static final SimulatorConfig SIMULATOR = SimulatorConfig.defaults()
            .withIdentifyWindow(Duration.ofSeconds(1)).withWorld(new WorldSpec(4, 5, 2));
    /** Lettuce's own "Cannot reconnect to [...]" line, which it logs at most once per 5 s. */
    private static final String LETTUCE_RECONNECT_LOGGER = "io.lettuce.core.protocol.ConnectionWatchdog";
    private static final Duration LETTUCE_QUIET_TIME = Duration.ofSeconds(5);

    private PrivateRedis redis;
    private SimulatedPipeline pipeline;
    private Ingestor ingestor;
    private LogCapture logs;
    private RedisClient reader;
    private StatefulRedisConnection<String, String> readerConnection;

    @AfterEach
    void tearDown() throws Exception {
        if (logs != null) {
            logs.close();
        }
        try {
            if (ingestor != null) {
                ingestor.close();
            }
            if (pipeline != null) {
                pipeline.close();
            }
        } finally {
            closeReader();
            if (redis != null) {
                redis.close();
            }
        }
    }

    @Test
    void shardsKeepPublishingWhileRedisIsDownAndCheckpointsAreRewrittenWhenItComesBackEmpty() throws Exception {
        redis = PrivateRedis.start();
        pipeline = SimulatedPipeline.start(SIMULATOR.withRecommendedShards(SHARDS).withMaxConcurrency(SHARDS),
                "redis-outage");
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(SHARDS).toBuilder().redisUrl(redis.url()).redisKeyPrefix(pipeline.redisPrefix).build());
        await().atMost(Duration.ofSeconds(15)).until(ingestor::isReady);
        openReader();
        Set<ShardStatus> statesDuringOutage = ConcurrentHashMap.newKeySet();
        long killedAt;

        try (SimulatedTraffic traffic = SimulatedTraffic.start(pipeline.discord, RATE)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.receivedCount() >= RATE / 2);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> storedCheckpoint(0).isPresent() && storedCheckpoint(1).isPresent());
            closeReader();
            logs = LogCapture.attach();

            redis.kill();
            killedAt = System.nanoTime();
            int receivedAtKill = pipeline.receivedCount();
            long emittedAtKill = traffic.emitted();
            await().atMost(OUTAGE.multipliedBy(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                for (int shard = 0; shard < SHARDS; shard++) {
                    statesDuringOutage.add(ingestor.shardStatus(shard));
                }
                return traffic.emitted() >= emittedAtKill + RATE * OUTAGE.toSeconds();
            });
            assertThat(pipeline.receivedCount()).as("events published while Redis was down")
                    .isGreaterThanOrEqualTo(receivedAtKill + RATE);

            HttpResponse<String> health = get("/health/ready");
            assertThat(health.statusCode()).as("readiness while Redis is down").isEqualTo(200);
            assertThat(health.body()).contains("\"redis\":{\"status\":\"UP\"")
                    .contains("unreachable: checkpoints held in memory");
            assertThat(redisReachableGauge()).isZero();
        }
        pipeline.assertNothingLost(Duration.ofSeconds(15));
        assertThat(statesDuringOutage).as("shard states seen during the outage").containsOnly(ShardStatus.READY);
        assertThat(ingestor.isReady()).isTrue();

        long restartedAt = System.nanoTime();
        redis.restart();
        Duration outage = Duration.ofNanos(restartedAt - killedAt);
        openReader();
        await().atMost(REWRITE_BOUND).pollInterval(Duration.ofMillis(10))
                .until(() -> storedSequence(0) == lastSequence(0) && storedSequence(1) == lastSequence(1));
        long rewrittenMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);

        // it goes on by itself: new events are published and checkpointed
        long before = lastSequence(0);
        SimulatedTraffic.burst(pipeline.discord, 60);
        pipeline.assertNothingLost(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(2)).until(() -> storedSequence(0) > before && storedSequence(0) == lastSequence(0));
        await().atMost(Duration.ofSeconds(2)).until(() -> get("/health/ready").body().contains("\"state\":\"reachable\""));
        assertThat(redisReachableGauge()).isOne();

        assertThat(pipeline.discord.dispatches().ofType("READY")).as("sessions started").hasSize(SHARDS);
        assertThat(pipeline.discord.dispatches().ofType("RESUMED")).as("sessions resumed").isEmpty();
        assertThat(ingestor.registry().find(IngestorMetrics.RECONNECTS).counters()).isEmpty();
        assertOneWarnAndOneInfoFor(outage);
        System.out.printf("redis outage: %d events, none missing; Redis back (empty) -> both checkpoints rewritten "
                + "with their latest sequence in %d ms (bound %d ms)%n", pipeline.receivedCount(), rewrittenMillis,
                REWRITE_BOUND.toMillis());
    }

    @Test
    void aShardThatMustIdentifyWhileRedisIsDownWaitsForItAndReadinessSaysWhy() throws Exception {
        redis = PrivateRedis.start();
        pipeline = SimulatedPipeline.start(SIMULATOR, "redis-identify");
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(1).toBuilder().redisUrl(redis.url()).redisKeyPrefix(pipeline.redisPrefix).build());
        await().atMost(Duration.ofSeconds(10)).until(ingestor::isReady);
        SimulatedTraffic.burst(pipeline.discord, 30);
        pipeline.assertNothingLost(Duration.ofSeconds(10));
        logs = LogCapture.attach();

        redis.kill();
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(3))
                .until(() -> get("/health/ready").body().contains("unreachable: checkpoints held in memory"));
        assertThat(pipeline.discord.faults().invalidateSession(0, false)).as("sessions ended").isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> get("/health/ready").body().contains("Redis to identify"));
        HttpResponse<String> waiting = get("/health/ready");
        assertThat(waiting.statusCode()).isEqualTo(503);
        assertThat(waiting.body()).contains("\"shard-0\":{\"status\":\"DOWN\"").contains("\"waitingFor\":\"Redis to identify\"")
                .contains("\"shardsWaitingToIdentify\":[0]");
        // twice the identify window: a shard that identified without a slot would be READY by now
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> pipeline.discord.dispatches().ofType("READY").size() == 1 && identifies() == 1);

        Instant restartedAt = Instant.now();
        long restartedNanos = System.nanoTime();
        redis.restart();
        Duration outage = Duration.ofNanos(restartedNanos - killedAt);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10))
                .until(() -> pipeline.discord.dispatches().ofType("READY").size() == 2);
        long identifiedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedNanos);
        RecordedDispatch secondReady = pipeline.discord.dispatches().ofType("READY").get(1);
        assertThat(secondReady.at()).as("the new session started after Redis came back").isAfter(restartedAt);
        assertThat(identifies()).isEqualTo(2);

        await().atMost(Duration.ofSeconds(5)).until(ingestor::isReady);
        SimulatedTraffic.burst(pipeline.discord, 30);
        pipeline.assertNothingLost(Duration.ofSeconds(10));
        openReader();
        await().atMost(Duration.ofSeconds(2)).until(() -> storedCheckpoint(0).map(ResumeState::sessionId)
                .filter(secondReady.sessionId()::equals).isPresent());
        assertOneWarnAndOneInfoFor(outage);
        System.out.printf("redis outage: the shard identified %d ms after Redis was back%n", identifiedMillis);
    }

    /**
     * The ingestor says an outage once: one WARN when it begins and one INFO, with its length, when
     * it ends, from {@link RedisAvailability}; nothing at ERROR; at most one other WARN of ours.
     * Lettuce's own reconnect line is bounded by its quiet time.
     */
    private void assertOneWarnAndOneInfoFor(Duration outage) {
        assertThat(logs.at(Level.ERROR)).as("ERROR lines").isEmpty();
        assertThat(logs.at(Level.WARN, RedisAvailability.class)).as("WARN lines about Redis").hasSize(1)
                .allSatisfy(line -> assertThat(line.message()).contains("is unreachable"));
        assertThat(logs.at(Level.INFO, RedisAvailability.class)).as("INFO lines about Redis").hasSize(1)
                .allSatisfy(line -> assertThat(line.message()).containsPattern("answers again after \\d+ ms"));
        List<LogCapture.Line> lettuce = logs.at(Level.WARN).stream()
                .filter(line -> line.logger().equals(LETTUCE_RECONNECT_LOGGER)).toList();
        assertThat(lettuce).as("Lettuce's reconnect lines in a %d ms outage", outage.toMillis())
                .hasSizeLessThanOrEqualTo(1 + (int) (outage.toMillis() / LETTUCE_QUIET_TIME.toMillis()));
        assertThat(logs.at(Level.WARN)).as("WARN lines: Lettuce's, the outage's and at most one more")
                .hasSizeLessThanOrEqualTo(lettuce.size() + 2);
    }

    private double redisReachableGauge() {
        return ingestor.registry().find(IngestorMetrics.REDIS_REACHABLE).gauge().value();
    }

    private double identifies() {
        return ingestor.registry().find(IngestorMetrics.IDENTIFIES).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    /** The last sequence the simulator sent to the shard's only session. */
    private long lastSequence(int shard) {
        return pipeline.discord.dispatches().all().stream().filter(d -> d.shardId() == shard)
                .mapToLong(RecordedDispatch::seq).max().orElse(-1);
    }

    private long storedSequence(int shard) {
        return storedCheckpoint(shard).map(ResumeState::sequence).orElse(-1L);
    }

    private Optional<ResumeState> storedCheckpoint(int shard) {
        return new RedisSessionCheckpointStore(readerConnection, pipeline.redisPrefix)
                .load(shard, ingestor.shardCount());
    }

    private void openReader() {
        reader = RedisClient.create(redis.url());
        readerConnection = reader.connect();
    }

    private void closeReader() {
        if (readerConnection != null) {
            readerConnection.close();
            reader.shutdown();
            readerConnection = null;
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return SimulatedPipeline.getOps(ingestor, path);
    }
}
