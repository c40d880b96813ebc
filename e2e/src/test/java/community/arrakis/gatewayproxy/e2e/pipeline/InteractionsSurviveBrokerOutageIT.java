package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.e2e.fixture.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ingestor's broker connection is cut while 100 {@code /ping} interactions/s arrive, then given
 * back; a worker answers what reaches it. With {@code --defer-unconfirmed-interactions} the
 * ingestor answers Discord with a deferred response for every interaction the broker has not
 * confirmed 1.5 s after its creation, and the worker finishes that loading message when the event
 * reaches it: every interaction gets its "pong", none is lost. Without the option the interactions
 * created during the outage reach the worker too late and are only counted expired (the run shows
 * the difference; {@code -Ddefer.outage=PT30S} plays the 30 s outage of docs/benchmarks.md).
 */
class InteractionsSurviveBrokerOutageIT {

    private static final int PER_SECOND = 100;
    private static final Duration BEFORE = Duration.ofMillis(1_000);
    private static final Duration OUTAGE = Duration.parse(System.getProperty("defer.outage", "PT4S"));
    private static final Duration AFTER = Duration.ofMillis(1_000);
    private static final String ORIGINAL = "/webhooks/{application_id}/{interaction_token}/messages/{message_id}";

    @ParameterizedTest(name = "defer-unconfirmed-interactions={0}")
    @ValueSource(booleans = {true, false})
    void interactionsCreatedDuringABrokerOutageAreAnsweredWhenTheIngestorDefersThem(boolean defer) throws Exception {
        try (TcpProxy proxy = TcpProxy.forAmqpUrl(SharedServices.AMQP_URL);
             Pipeline pipeline = Pipeline.start("defer-" + defer, SimulatorConfig.defaults()
                             .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))),
                     config -> config.toBuilder().amqpUrl(proxy.rewrite(SharedServices.AMQP_URL))
                             .deferUnconfirmedInteractions(defer).build())) {
            Worker worker = pipeline.startWorker("defer-" + defer, WorkerProcess.proofBot("0"));
            List<EmittedInteraction> interactions = new ArrayList<>();
            long start = System.nanoTime();
            long cutAt = start + BEFORE.toNanos();
            long restoreAt = cutAt + OUTAGE.toNanos();
            long end = restoreAt + AFTER.toNanos();
            boolean cut = false;
            boolean restored = false;
            while (System.nanoTime() < end) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                while (interactions.size() < elapsed * PER_SECOND) {
                    Guild guild = pipeline.guild(interactions.size() % 3);
                    interactions.add(pipeline.simulator().emitSlashCommand(guild.id(),
                            pipeline.user(guild, interactions.size() % 4), "ping"));
                }
                if (!cut && System.nanoTime() >= cutAt) {
                    proxy.cut();
                    cut = true;
                }
                if (!restored && System.nanoTime() >= restoreAt) {
                    proxy.restore();
                    restored = true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing of the load, not synchronisation
            }
            // Settled: every interaction answered (directly, or deferred then finished) or counted expired.
            try {
                await().atMost(OUTAGE.plusSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                        answered(pipeline).size() + worker.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED)
                                >= interactions.size()
                                // a copy counted expired may still be finished by its marked copy
                                && loadingNeverFinished(pipeline) == 0);
            } catch (ConditionTimeoutException e) {
                // the counts below say what is missing
            }
            Set<String> answered = answered(pipeline);
            long deferredByIngestor = pipeline.callbacks().stream()
                    .filter(r -> r.status() < 300 && r.body().replace(" ", "").contains("\"type\":5")).count();
            long unanswered = interactions.stream().filter(i -> !answered.contains(i.id())).count();
            // Refused by Discord's rules: 10062, an answer that came too late, must never happen; 40060
            // is two answers crossing (the ingestor's defer and a worker's first answer to a copy that
            // reached it early), after which the worker finishes the loading message: no harm done.
            long late = pipeline.callbacks().stream().filter(r -> r.responseBody() != null
                    && r.responseBody().replace(" ", "").contains("\"code\":10062")).count();
            long crossed = pipeline.callbacks().stream().filter(r -> r.responseBody() != null
                    && r.responseBody().replace(" ", "").contains("\"code\":40060")).count();
            long stuckLoading = loadingNeverFinished(pipeline);
            System.out.printf("broker outage of %d s at %d interactions/s, defer-unconfirmed-interactions=%s: "
                            + "%d dispatched, %d answered (%d of them deferred by the ingestor), %d unanswered "
                            + "(%d counted expired); %d callbacks late, %d crossed (40060), %d loading messages never "
                            + "finished%n", OUTAGE.toSeconds(), PER_SECOND, defer,
                    interactions.size(), answered.size(), deferredByIngestor, unanswered,
                    (long) worker.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED), late, crossed, stuckLoading);
            interactions.stream().filter(i -> !answered.contains(i.id())).limit(3).forEach(i -> System.out.printf(
                    "  unanswered %s created %s: %s%n", i.id(), i.createdAt(), pipeline.simulator().requests().filter(r ->
                            r.pathParam("interaction_id").filter(i.id()::equals).isPresent()
                                    || r.pathParam("interaction_token").filter(i.token()::equals).isPresent())
                            .stream().map(r -> r.method() + " " + r.route() + " " + r.body() + " -> " + r.status() + " at "
                                    + r.receivedAt()).toList()));
            if (defer) {
                assertThat(unanswered).as("interactions without an answer").isZero();
                assertThat(deferredByIngestor).as("interactions the ingestor deferred").isPositive();
                assertThat(late).as("callbacks refused as late").isZero();
                assertThat(stuckLoading).as("loading messages never finished").isZero();
            } else {
                assertThat(unanswered).as("without the option the outage loses interactions").isPositive();
            }
        }
    }

    /** Accepted type-5 callbacks whose loading message no accepted edit of {@code @original} finished. */
    private static long loadingNeverFinished(Pipeline pipeline) {
        Set<String> editedTokens = pipeline.simulator().requests()
                .filter(r -> r.is("PATCH", ORIGINAL) && r.status() < 300).stream()
                .map(r -> r.pathParam("interaction_token").orElseThrow()).collect(Collectors.toSet());
        return pipeline.callbacks().stream()
                .filter(r -> r.status() < 300 && r.body().replace(" ", "").contains("\"type\":5"))
                .filter(r -> !editedTokens.contains(r.pathParam("interaction_token").orElseThrow())).count();
    }

    /**
     * Interactions the user saw answered with "pong": a first callback carrying it, or a loading
     * message (type 5) that an accepted edit of {@code @original} then filled in.
     */
    private static Set<String> answered(Pipeline pipeline) {
        Set<String> direct = pipeline.callbacks().stream()
                .filter(r -> r.status() < 300 && r.body().contains("pong"))
                .map(r -> r.pathParam("interaction_id").orElseThrow()).collect(Collectors.toSet());
        Set<String> editedTokens = pipeline.simulator().requests()
                .filter(r -> r.is("PATCH", ORIGINAL) && r.status() < 300 && r.body().contains("pong")).stream()
                .map(r -> r.pathParam("interaction_token").orElseThrow()).collect(Collectors.toSet());
        Set<String> finished = pipeline.callbacks().stream()
                .filter(r -> r.status() < 300 && editedTokens.contains(r.pathParam("interaction_token").orElseThrow()))
                .map(r -> r.pathParam("interaction_id").orElseThrow()).collect(Collectors.toSet());
        direct.addAll(finished);
        return direct;
    }
}
