package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.e2e.fixture.WorkerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The interaction callback route answers 429 (shared scope, retry_after 150 ms) to one request in
 * five and 500 to one in ten of the rest. Every interaction still gets exactly one accepted
 * callback, a retry after a 429 waits at least its retry_after, and no invalid request is counted
 * (shared-scope 429s and 5xx do not count at Discord).
 */
class RestFaultsIT {

    private static final Duration RETRY_AFTER = Duration.ofMillis(150);
    private Pipeline pipeline;

    @BeforeEach
    void start() throws Exception {
        // Roomy buckets: every faulted attempt still takes a token of the interaction's bucket, and
        // with Discord's default 5 per 5 s an unlucky run of faults would end in a real 4 s limit.
        pipeline = Pipeline.start("faults", SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))));
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void retriesHonourRetryAfterAndLoseNothing() throws Exception {
        pipeline.simulator().faults().failRoute(new RouteFault("POST", Pipeline.CALLBACK_ROUTE,
                RouteFault.Kind.RATE_LIMITED, 0.2, RETRY_AFTER));
        pipeline.simulator().faults().failRoute(new RouteFault("POST", Pipeline.CALLBACK_ROUTE,
                RouteFault.Kind.SERVER_ERROR, 0.15, Duration.ZERO)); // ~12 % after the 429 rule: P(no 500 in 60+ tries) < 0.1 %
        pipeline.startWorker("faults", WorkerProcess.proofBot("1"));

        List<EmittedInteraction> pings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Guild guild = pipeline.guild(i % 3);
            pings.add(pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, i % 4), "ping"));
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> pipeline.callbacks().stream().filter(r -> r.status() == 204).count() == pings.size());

        Map<String, List<RecordedRequest>> byInteraction = pipeline.callbacks().stream()
                .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow()));
        assertThat(byInteraction).hasSize(pings.size());
        long rateLimited = 0;
        for (List<RecordedRequest> tries : byInteraction.values()) {
            assertThat(tries).filteredOn(r -> r.status() == 204).hasSize(1);
            assertThat(tries.getLast().status()).isEqualTo(204);
            for (int i = 0; i + 1 < tries.size(); i++) {
                if (tries.get(i).status() == 429) {
                    rateLimited++;
                    assertThat(Duration.between(tries.get(i).respondedAt(), tries.get(i + 1).receivedAt()))
                            .as("wait after a 429").isGreaterThanOrEqualTo(RETRY_AFTER.minusMillis(5));
                }
            }
        }
        assertThat(rateLimited).as("the fault fired").isPositive();
        assertThat(pipeline.callbacks()).extracting(RecordedRequest::status).contains(500);
        assertThat(invalidRequestsCounted()).isZero();
    }

    private long invalidRequestsCounted() {
        RedisClient client = RedisClient.create(pipeline.redisUrl());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().zcard(pipeline.redisPrefix() + "rl:invalid");
        } finally {
            client.shutdown();
        }
    }
}
