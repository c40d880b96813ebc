package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.RecordedDispatch;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two ingestors (each with connections of its own, sharing only Redis) split a bot's 8 shards
 * with max_concurrency 4 and start at the same moment. Discord allows one IDENTIFY per bucket
 * ({@code shard_id % max_concurrency}) per 5 s; the simulator's record of when each session
 * started must show that no two shards of a bucket identified within 5 s of each other, and no
 * identify may have been refused (each shard identified exactly once).
 */
class IdentifyConcurrencyAcrossIngestorsIT {

    private static final int SHARDS = 8;
    private static final int MAX_CONCURRENCY = 4;
    private static final Duration WINDOW = Duration.ofSeconds(5);

    private SimulatedPipeline pipeline;
    private final List<Ingestor> ingestors = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        ingestors.forEach(Ingestor::close);
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void twoIngestorsNeverIdentifyTwoShardsOfABucketInOneWindow() throws Exception {
        pipeline = SimulatedPipeline.start(SimulatorConfig.defaults().withRecommendedShards(SHARDS)
                .withMaxConcurrency(MAX_CONCURRENCY).withIdentifyWindow(WINDOW)
                .withWorld(new WorldSpec(SHARDS, 3, 1)), "identify-split");
        IngestorConfig lower = pipeline.ingestorConfig(SHARDS).toBuilder().shards(new ShardRange(0, 3)).totalShards(SHARDS).build();
        IngestorConfig upper = pipeline.ingestorConfig(SHARDS).toBuilder().shards(new ShardRange(4, 7)).totalShards(SHARDS).build();
        CompletableFuture<Ingestor> first = CompletableFuture.supplyAsync(() -> start(lower));
        CompletableFuture<Ingestor> second = CompletableFuture.supplyAsync(() -> start(upper));
        ingestors.add(first.join());
        ingestors.add(second.join());
        await().atMost(Duration.ofSeconds(30)).until(() -> ingestors.stream().allMatch(Ingestor::isReady));

        List<RecordedDispatch> readies = pipeline.discord.dispatches().ofType("READY");
        assertThat(readies).extracting(RecordedDispatch::shardId).as("one session per shard, none refused")
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        double identifies = ingestors.stream().flatMap(i -> i.registry().find(IngestorMetrics.IDENTIFIES).counters().stream())
                .mapToDouble(c -> c.count()).sum();
        assertThat(identifies).as("IDENTIFYs sent by both ingestors").isEqualTo(SHARDS);

        Map<Integer, List<RecordedDispatch>> byBucket = readies.stream()
                .collect(Collectors.groupingBy(r -> r.shardId() % MAX_CONCURRENCY));
        assertThat(byBucket).hasSize(MAX_CONCURRENCY);
        for (Map.Entry<Integer, List<RecordedDispatch>> bucket : byBucket.entrySet()) {
            List<RecordedDispatch> inOrder = bucket.getValue().stream()
                    .sorted(Comparator.comparing(RecordedDispatch::at)).toList();
            for (int i = 1; i < inOrder.size(); i++) {
                Duration gap = Duration.between(inOrder.get(i - 1).at(), inOrder.get(i).at());
                assertThat(gap).as("bucket %d: shard %d identified %s after shard %d", bucket.getKey(),
                        inOrder.get(i).shardId(), gap, inOrder.get(i - 1).shardId()).isGreaterThanOrEqualTo(WINDOW);
            }
        }

        SimulatedTraffic.burst(pipeline.discord, 3 * SHARDS * 10);
        pipeline.assertNothingLost(Duration.ofSeconds(15));
    }

    private Ingestor start(IngestorConfig config) {
        try {
            return pipeline.startIngestor(config);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
