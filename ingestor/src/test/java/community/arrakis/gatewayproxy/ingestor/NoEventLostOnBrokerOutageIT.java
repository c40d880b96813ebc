package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RabbitMQ becomes unreachable for a while under steady load (the ingestor's connections go through
 * a {@link TcpProxy} that cuts them and refuses new ones): every shard first buffers, then pauses
 * once its bound is reached (Discord keeps the session), and when the broker is back the
 * publishers republish, the shards resume, and no event is missing. The time from the broker
 * coming back to the first new event published is printed (target: under 2 s).
 *
 * <p>{@code -Darrakis.it.brokerOutage.seconds=30} for the long run (default 7 s),
 * {@code -Darrakis.it.brokerOutage.rate=1000} events/s.
 */
class NoEventLostOnBrokerOutageIT {

    private static final int OUTAGE_SECONDS = Integer.getInteger("arrakis.it.brokerOutage.seconds", 7);
    private static final int RATE = Integer.getInteger("arrakis.it.brokerOutage.rate", 1_000);
    private static final int SHARDS = 2;
    /** Per shard: at 500/s each, reached after 4 s of outage, so the pause path runs too. */
    private static final int BUFFER_BOUND = 2_000;
    private static final Duration RESUME_BOUND = Duration.ofSeconds(10);

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

    @Test
    void brokerOutageUnderLoadLosesNothingAndPublishingResumesWhenTheBrokerIsBack() throws Exception {
        // Discord's replay must hold the whole outage: the shards are paused for most of it
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults().withRecommendedShards(SHARDS)
                .withMaxConcurrency(SHARDS).withWorld(new WorldSpec(4, 5, 2))
                .withReplayBufferSize(Math.max(10_000, RATE * (OUTAGE_SECONDS + 10))), "broker-outage");
        long resumeNanos;
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(SimulatedPipeline.AMQP_URL)) {
            IngestorConfig config = pipeline.ingestorConfig(SHARDS)
                    .toBuilder().amqpUrl(proxy.rewrite(SimulatedPipeline.AMQP_URL)).topology(pipeline.topology)
                    .maxBufferedPerShard(BUFFER_BOUND).checkpointInterval(Duration.ofMillis(100)).build();
            ingestor = pipeline.startIngestor(config);
            await().atMost(Duration.ofSeconds(15)).until(ingestor::isReady);

            try (SimulatedTraffic traffic = SimulatedTraffic.start(pipeline.discord, RATE)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.receivedCount() >= RATE);
                assertThat(brokerGauges()).as("connected, writable").containsExactly(1.0, 1.0);
                proxy.cut();
                await().atMost(Duration.ofSeconds(5)).until(() -> brokerGauges().equals(List.of(0.0, 0.0)));
                long cutAt = traffic.emitted();
                await().atMost(Duration.ofSeconds(OUTAGE_SECONDS * 3L))
                        .until(() -> traffic.emitted() >= cutAt + (long) RATE * OUTAGE_SECONDS);
                int beforeRestore = pipeline.receivedCount();

                long restored = System.nanoTime();
                proxy.restore();
                await().atMost(RESUME_BOUND).pollInterval(Duration.ofMillis(5))
                        .until(() -> pipeline.receivedCount() > beforeRestore);
                resumeNanos = System.nanoTime() - restored;
                long restoredAt = traffic.emitted();
                await().atMost(Duration.ofSeconds(20)).until(() -> traffic.emitted() >= restoredAt + 2L * RATE);
            }
            pipeline.assertNothingLost(Duration.ofSeconds(60));
            await().atMost(Duration.ofSeconds(15)).until(ingestor::isReady);
            assertThat(brokerGauges()).as("connected, writable").containsExactly(1.0, 1.0);
        }
        double pauses = ingestor.registry().find(IngestorMetrics.SHARD_PAUSES).counters().stream()
                .mapToDouble(c -> c.count()).sum();
        double republished = ingestor.registry().find(IngestorMetrics.EVENTS_REPUBLISHED).counters().stream()
                .mapToDouble(c -> c.count()).sum();
        System.out.printf(Locale.ROOT, "broker outage: %d s at %d events/s, %d events, none missing; broker back -> "
                        + "first new event published %d ms (target < 2000 ms); shard pauses %.0f, republished %.0f, "
                        + "duplicates delivered %d%n",
                OUTAGE_SECONDS, RATE, pipeline.receivedCount(), TimeUnit.NANOSECONDS.toMillis(resumeNanos), pauses,
                republished, pipeline.duplicates());
        assertThat(pauses).as("an outage longer than the buffer bound pauses the shards").isPositive();
        assertThat(Duration.ofNanos(resumeNanos)).isLessThan(RESUME_BOUND);
    }

    /** {@code arrakis_ingestor_broker_connected} and {@code arrakis_ingestor_broker_writable}. */
    private List<Double> brokerGauges() {
        return List.of(ingestor.registry().get(IngestorMetrics.BROKER_CONNECTED).gauge().value(),
                ingestor.registry().get(IngestorMetrics.BROKER_WRITABLE).gauge().value());
    }
}
