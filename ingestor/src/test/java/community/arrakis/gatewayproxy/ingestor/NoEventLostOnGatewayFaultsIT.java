package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.discord.gateway.ShardStatus;
import community.arrakis.gatewayproxy.simulator.RecordedDispatch;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every way Discord can end or disturb a gateway connection, each against the simulator, the real
 * RabbitMQ and Redis, under steady traffic: the set of eventIds the simulator dispatched for
 * forwarded types must equal the set that came out of the queues. Codes that keep the session must
 * be followed by a RESUME, codes that end it by a new IDENTIFY, fatal codes by a stopped shard
 * that says why.
 */
class NoEventLostOnGatewayFaultsIT {

    private static final int SHARD = 0;
    private static final int TRAFFIC_PER_SECOND = 300;
    private static final Duration RECOVERY = Duration.ofSeconds(15);

    /** A 1 s identify window (simulator and ingestor alike), so new sessions do not each wait 5 s. */
    private static final SimulatorConfig SIMULATOR = SimulatorConfig.defaults().withIdentifyWindow(Duration.ofSeconds(1));

    private SimulatedPipeline pipeline;
    private Ingestor ingestor;

    @AfterEach
    void tearDown() throws Exception {
        if (ingestor != null) {
            ingestor.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {4000, 4001, 4002, 4005, 4008})
    void resumesAfterACloseCodeThatKeepsTheSession(int code) throws Exception {
        survives(() -> pipeline.discord.faults().close(SHARD, code), resumed());
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {4003, 4007, 4009})
    void identifiesAgainAfterACloseCodeThatEndsTheSession(int code) throws Exception {
        survives(() -> pipeline.discord.faults().close(SHARD, code), secondReady());
    }

    @Test
    void resumesAfterReconnectOpcode() throws Exception {
        survives(() -> pipeline.discord.faults().requestReconnect(SHARD), resumed());
    }

    @Test
    void resumesAfterResumableInvalidSession() throws Exception {
        survives(() -> pipeline.discord.faults().invalidateSession(SHARD, true), resumed());
    }

    @Test
    void identifiesAgainAfterNonResumableInvalidSession() throws Exception {
        survives(() -> pipeline.discord.faults().invalidateSession(SHARD, false), secondReady());
    }

    /**
     * The JDK WebSocket now and then reports a drop without a close frame not at all (see
     * GatewayShardOverSocketsContract); zombie detection catches it within two heartbeat intervals, hence 1 s here.
     */
    @Test
    void resumesAndReplaysAfterTheTcpConnectionDrops() throws Exception {
        survives(SIMULATOR.withHeartbeatInterval(Duration.ofSeconds(1)),
                () -> pipeline.discord.faults().dropConnection(SHARD), resumed());
    }

    /**
     * The simulator keeps reading heartbeats but stops acknowledging them. A dispatch counts as
     * proof of life, so the traffic pauses while the shard notices; events come before and after.
     */
    @Test
    void resumesAfterAZombieConnection() throws Exception {
        pipeline = SimulatedPipeline.start(SIMULATOR.withHeartbeatInterval(Duration.ofSeconds(1)), "zombie");
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(1));
        await().atMost(RECOVERY).until(ingestor::isReady);

        SimulatedTraffic.burst(pipeline.discord, 90);
        await().atMost(RECOVERY).until(() -> pipeline.receivedCount() >= 90);
        assertThat(pipeline.discord.faults().stopHeartbeatAcks(SHARD)).isEqualTo(1);

        pipeline.discord.dispatches().await(resumed(), RECOVERY);
        SimulatedTraffic.burst(pipeline.discord, 90);
        await().atMost(RECOVERY).until(ingestor::isReady);
        pipeline.assertNothingLost(RECOVERY);
        assertThat(ingestor.registry().find(IngestorMetrics.RESUMES).counter().count()).isEqualTo(1);
    }

    /** Op 1: the shard heartbeats at once (the interval is 41 s, so the RTT comes from the request). */
    @Test
    void answersAHeartbeatRequestWithoutReconnecting() throws Exception {
        pipeline = SimulatedPipeline.start(SIMULATOR, "op1");
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(1));
        await().atMost(RECOVERY).until(ingestor::isReady);
        try (SimulatedTraffic traffic = SimulatedTraffic.start(pipeline.discord, TRAFFIC_PER_SECOND)) {
            await().atMost(RECOVERY).until(() -> pipeline.receivedCount() >= 60);
            assertThat(pipeline.discord.faults().requestHeartbeat(SHARD)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> ingestor.registry().find(IngestorMetrics.HEARTBEAT_RTT).gauge().value() >= 0);
            long seen = pipeline.receivedCount();
            await().atMost(RECOVERY).until(() -> pipeline.receivedCount() >= seen + 60);
        }
        pipeline.assertNothingLost(RECOVERY);
        assertThat(ingestor.shardStatus(SHARD)).isEqualTo(ShardStatus.READY);
        assertThat(ingestor.registry().find(IngestorMetrics.RECONNECTS).counters()).isEmpty();
        assertThat(pipeline.discord.dispatches().ofType("READY")).hasSize(1);
        assertThat(pipeline.discord.dispatches().ofType("RESUMED")).isEmpty();
    }

    @ParameterizedTest(name = "close {0}")
    @ValueSource(ints = {4004, 4010, 4011, 4012, 4013, 4014})
    void fatalCloseCodeStopsTheShardAndHealthSaysWhy(int code) throws Exception {
        pipeline = SimulatedPipeline.start(SIMULATOR, "fatal-" + code);
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(1));
        await().atMost(RECOVERY).until(ingestor::isReady);
        try (SimulatedTraffic traffic = SimulatedTraffic.start(pipeline.discord, TRAFFIC_PER_SECOND)) {
            await().atMost(RECOVERY).until(() -> pipeline.receivedCount() >= 60);
            assertThat(pipeline.discord.faults().close(SHARD, code)).isEqualTo(1);
            await().atMost(RECOVERY).until(() -> ingestor.shardStatus(SHARD) == ShardStatus.STOPPED);
        }
        pipeline.assertNothingLost(RECOVERY);
        assertThat(ingestor.shardStoppedBecause(SHARD)).contains(Integer.toString(code))
                .contains("not reconnecting");
        // a reconnect would leave STOPPED within a second (the backoff of a first attempt)
        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> ingestor.shardStatus(SHARD) == ShardStatus.STOPPED);
        assertThat(pipeline.discord.dispatches().ofType("READY")).hasSize(1);
        assertThat(pipeline.discord.dispatches().ofType("RESUMED")).isEmpty();

        HttpResponse<String> health = SimulatedPipeline.getOps(ingestor, "/health/ready");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("\"state\":\"STOPPED\"").contains("\"stoppedBecause\"")
                .contains(Integer.toString(code));
    }

    /**
     * Traffic before, during and after the fault; the shard must come back as {@code recovery}
     * says, and nothing may be missing.
     */
    private void survives(Fault fault, Predicate<RecordedDispatch> recovery) throws Exception {
        survives(SIMULATOR, fault, recovery);
    }

    private void survives(SimulatorConfig simulator, Fault fault, Predicate<RecordedDispatch> recovery) throws Exception {
        pipeline = SimulatedPipeline.start(simulator, "gateway-faults");
        ingestor = pipeline.startIngestor(pipeline.ingestorConfig(1));
        await().atMost(RECOVERY).until(ingestor::isReady);
        try (SimulatedTraffic traffic = SimulatedTraffic.start(pipeline.discord, TRAFFIC_PER_SECOND)) {
            await().atMost(RECOVERY).until(() -> pipeline.receivedCount() >= 60);
            assertThat(fault.inject()).as("connections hit by the fault").isEqualTo(1);
            pipeline.discord.dispatches().await(recovery, RECOVERY);
            await().atMost(RECOVERY).until(ingestor::isReady);
            long seen = pipeline.receivedCount();
            await().atMost(RECOVERY).until(() -> pipeline.receivedCount() >= seen + 60);
        }
        pipeline.assertNothingLost(RECOVERY);
        assertThat(ingestor.shardStatus(SHARD)).isEqualTo(ShardStatus.READY);
    }

    private static Predicate<RecordedDispatch> resumed() {
        return d -> d.shardId() == SHARD && d.type().equals("RESUMED");
    }

    private Predicate<RecordedDispatch> secondReady() {
        return d -> d.shardId() == SHARD && d.type().equals("READY")
                && !d.sessionId().equals(pipeline.discord.dispatches().ofType("READY").getFirst().sessionId());
    }

    @FunctionalInterface
    private interface Fault {
        int inject();
    }
}
