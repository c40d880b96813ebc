package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.testkit.SharedServices;
import community.arrakis.gatewayproxy.testkit.TcpProxy;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.rest.RouteFault;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.WorkerConfig;
import community.arrakis.gatewayproxy.worker.dispatch.InteractionDeadline;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.testkit.LogCapture;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.e2e.fixture.WorkerProcess;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Discord's REST API misbehaves while an ingestor and two workers carry 100 interactions and 5
 * member joins a second: a burst of 5xx (half of them Cloudflare's HTML 502), attempts that time
 * out, refused connections, global 429s, Cloudflare's HTML 429. Each scenario is 5 s of load with
 * the fault in its second second (timeouts: seconds 1 to 4); the same two workers go through all
 * of them, in order, never restarted. Each scenario proves:
 *
 * <ul>
 *   <li>every interaction has exactly one accepted callback, or was counted expired by a worker;</li>
 *   <li>no callback reached Discord after the interaction's 3 s, accepted or not: every retry
 *       stayed inside the deadline;</li>
 *   <li>every join got its role;</li>
 *   <li>the answers Discord counts toward its IP ban (401, 403, 429 except shared scope) stay under
 *       1,000 per 10 minutes, a tenth of the ban threshold, projected as if a fault like this one
 *       came in every 5 s of traffic for 10 minutes: count × 600 s / 5 s. That is the pessimistic
 *       reading for a burst (each onset costs the requests in flight when it comes); a limit that
 *       lasts costs one probe per block after the onset (docs: RateLimiter's class comment);</li>
 *   <li>both workers answer again once the fault is over;</li>
 *   <li>no log line carries the bot token or an interaction token.</li>
 * </ul>
 *
 * Refused connections come from a {@link TcpProxy} the workers' REST traffic goes through (the
 * simulator serves REST and the gateway on one port; the ingestor talks to it directly).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscordRestFaultsUnderLoadIT {

    private static final int INTERACTIONS_PER_SECOND = 100;
    private static final int JOINS_PER_SECOND = 5;
    private static final Duration LOAD = Duration.ofSeconds(5);
    private static final Duration FAULT_AT = Duration.ofSeconds(1);
    private static final Duration FAULT_FOR = Duration.ofSeconds(1);
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final int INVALID_PER_TEN_MINUTES = 1_000;
    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private Pipeline pipeline;
    private TcpProxy proxy;
    private final List<Worker> workers = new ArrayList<>();
    private String role;
    private long nextUser = 557_000_000_000_000_000L;

    /** A fault: how it starts and how it ends. */
    private interface Fault {
        void start() throws Exception;

        void stop() throws Exception;
    }

    @BeforeAll
    void start() throws Exception {
        // Roomy route buckets: this test is about faults, not about waiting for buckets.
        pipeline = Pipeline.start("restfaults", SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))));
        proxy = TcpProxy.start("127.0.0.1", pipeline.simulator().port());
        URI throughProxy = URI.create("http://127.0.0.1:" + proxy.port() + "/api/v10");
        role = Pipeline.role(pipeline.guild(0));
        for (String id : List.of("restfaults-a", "restfaults-b")) {
            // the production retry settings, not the pipeline's fast ones: recovery is what is tested
            WorkerConfig config = WorkerConfig.builder().amqpUrl(SharedServices.AMQP_URL).redisUrl(SharedServices.REDIS_URL)
                    .apiBaseUrl(throughProxy)
                    .topology(pipeline.topology()).redisKeyPrefix(pipeline.redisPrefix()).workerId(id)
                    .botToken(pipeline.simulator().config().botToken()).build();
            workers.add(pipeline.startWorker(config, WorkerProcess.proofBot(role)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aBurstOf5xxWithHtmlBodiesIsRetriedWithinEachDeadline() throws Exception {
        // half of the answers Discord's JSON 500, the other half Cloudflare's HTML 502
        Report report = run("5xx burst", routeFaults(
                new RouteFault("*", "*", RouteFault.Kind.SERVER_ERROR, 0.5, Duration.ZERO),
                RouteFault.always("*", "*", RouteFault.Kind.HTML_BAD_GATEWAY)), FAULT_FOR);
        assertThat(report.callbackStatuses()).as("the fault fired").contains(500, 502);
        assertThat(report.roleStatuses()).as("role calls met it too").anyMatch(status -> status >= 500);
    }

    @Test
    @Order(2)
    void callbacksThatTimeOutAreTriedAgainWithinTheDeadline() throws Exception {
        // the simulator holds one callback in five for 2 s, then answers 504; an attempt waits 1 s
        Report report = run("timeouts", routeFaults(new RouteFault("POST", Pipeline.CALLBACK_ROUTE,
                RouteFault.Kind.TIMEOUT, 0.2, Duration.ofSeconds(2))), Duration.ofSeconds(3));
        assertThat(report.callbackStatuses()).as("the fault fired").contains(504);
    }

    @Test
    @Order(3)
    void refusedConnectionsAreRetriedWithinEachDeadline() throws Exception {
        Report report = run("refused connections", new Fault() {
            @Override
            public void start() throws Exception {
                proxy.cut();
            }

            @Override
            public void stop() throws Exception {
                proxy.restore();
            }
        }, FAULT_FOR);
        // nothing got through the cut relay (50 ms for the moment it is cut and restored)
        assertThat(report.requests()).as("requests while connections were refused").noneMatch(r ->
                r.receivedAt().isAfter(report.faultStarted().plusMillis(50))
                        && r.receivedAt().isBefore(report.faultStopped().minusMillis(50)));
        assertThat(report.requests()).as("requests after the relay was restored")
                .anyMatch(r -> r.receivedAt().isAfter(report.faultStopped()));
    }

    @Test
    @Order(4)
    void aGlobal429HoldsEveryWorkersBotRoutesButNotTheCallbacks() throws Exception {
        Duration retryAfter = Duration.ofSeconds(1);
        Report report = run("global 429", routeFaults(
                new RouteFault("*", "*", RouteFault.Kind.GLOBAL_RATE_LIMITED, 1.0, retryAfter)), FAULT_FOR);
        List<RecordedRequest> limited = report.requests().stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).as("the fault fired").isNotEmpty().allMatch(r -> r.route().equals(ROLE_ROUTE));
        // While a global 429's retry_after runs, neither worker sends a bot request (100 ms for one in flight)
        for (RecordedRequest first : limited) {
            Instant from = first.respondedAt().plusMillis(100);
            Instant to = first.respondedAt().plus(retryAfter).minusMillis(10);
            assertThat(report.requests()).as("bot requests during a global block")
                    .noneMatch(r -> r.route().equals(ROLE_ROUTE) && r.receivedAt().isAfter(from) && r.receivedAt().isBefore(to));
            assertThat(report.requests()).as("callbacks during a global block (exempt from the global limit)")
                    .anyMatch(r -> r.is("POST", Pipeline.CALLBACK_ROUTE) && r.status() == 204
                            && r.receivedAt().isAfter(from) && r.receivedAt().isBefore(to));
        }
    }

    @Test
    @Order(5)
    void cloudflaresHtml429BlocksEveryRouteUntilOneProbeGetsThrough() throws Exception {
        Report report = run("HTML 429", routeFaults(RouteFault.always("*", "*", RouteFault.Kind.HTML_RATE_LIMITED)),
                FAULT_FOR);
        List<RecordedRequest> limited = report.requests().stream().filter(r -> r.status() == 429).toList();
        assertThat(limited).as("the fault fired").isNotEmpty();
        // After the first one, nothing at all (callbacks included) is sent until its 2 s are over and
        // the probe goes (250 ms for requests in flight, and for the other worker, which believes "no
        // block" for up to 100 ms without asking Redis, to hear of it)
        Instant first = limited.getFirst().respondedAt();
        List<RecordedRequest> duringBlock = report.requests().stream()
                .filter(r -> r.receivedAt().isAfter(first.plusMillis(250)) && r.receivedAt().isBefore(first.plusMillis(1_990)))
                .toList();
        assertThat(duringBlock).as("requests while the IP is blocked").isEmpty();
    }

    /** Runs the load with the fault from FAULT_AT for {@code faultFor}, waits for it to settle, checks and prints. */
    private Report run(String name, Fault fault, Duration faultFor) throws Exception {
        try (LogCapture logs = LogCapture.attach()) {
            Report report = runLoad(name, fault, faultFor);
            Set<String> secrets = new HashSet<>(report.tokens());
            secrets.add(pipeline.simulator().config().botToken());
            assertThat(logs.containing(secrets)).as("log lines with the bot token or an interaction token").isEmpty();
            return report;
        }
    }

    private Report runLoad(String name, Fault fault, Duration faultFor) throws Exception {
        Set<String> ourIds = new HashSet<>();
        List<EmittedInteraction> interactions = new ArrayList<>();
        List<String> joinedUsers = new ArrayList<>();
        double expiredBefore = expired();
        long invalidBefore = pipeline.simulator().invalidRequestsCounted();
        Instant loadStart = pipeline.simulator().clock().instant();

        long start = System.nanoTime();
        long faultStart = start + FAULT_AT.toNanos();
        long faultEnd = faultStart + faultFor.toNanos();
        long end = start + LOAD.toNanos();
        boolean started = false;
        boolean stopped = false;
        Instant faultStarted = null;
        Instant faultStopped = null;
        int sentInteractions = 0;
        int sentJoins = 0;
        try {
            while (System.nanoTime() < end) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                while (sentInteractions < elapsed * INTERACTIONS_PER_SECOND) {
                    Guild guild = pipeline.guild(sentInteractions % 3);
                    EmittedInteraction ping = pipeline.simulator().emitSlashCommand(guild.id(),
                            pipeline.user(guild, sentInteractions % 4), "ping");
                    interactions.add(ping);
                    ourIds.add(ping.id());
                    sentInteractions++;
                }
                while (sentJoins < elapsed * JOINS_PER_SECOND) {
                    String user = Long.toString(nextUser++);
                    pipeline.simulator().emitMemberAdd(pipeline.guild(0).id(), user); // the role given is guild 0's
                    joinedUsers.add(user);
                    sentJoins++;
                }
                if (!started && System.nanoTime() >= faultStart) {
                    faultStarted = pipeline.simulator().clock().instant();
                    fault.start();
                    started = true;
                }
                if (started && !stopped && System.nanoTime() >= faultEnd) {
                    fault.stop();
                    faultStopped = pipeline.simulator().clock().instant();
                    stopped = true;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing of the load, not synchronisation
            }
        } finally {
            if (started && !stopped) {
                fault.stop();
            }
        }
        long invalid = pipeline.simulator().invalidRequestsCounted() - invalidBefore;

        // Every interaction answered or expired, every join given its role
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(answered(ourIds).size() + expired() - expiredBefore).as("answered + expired")
                    .isGreaterThanOrEqualTo(interactions.size());
            assertThat(joinsWithRole(joinedUsers)).as("joins given their role").isEqualTo(joinedUsers.size());
        });

        List<RecordedRequest> requests = pipeline.simulator().requests()
                .filter(r -> !r.receivedAt().isBefore(loadStart));
        List<RecordedRequest> callbacks = requests.stream().filter(r -> r.is("POST", Pipeline.CALLBACK_ROUTE)
                && r.pathParam("interaction_id").filter(ourIds::contains).isPresent()).toList();
        Map<String, Long> acceptedPerInteraction = callbacks.stream().filter(r -> r.status() < 300)
                .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow(), Collectors.counting()));
        long answered = acceptedPerInteraction.size();
        long expired = Math.round(expired() - expiredBefore);
        Map<Integer, Long> refused = callbacks.stream().filter(r -> r.status() >= 300)
                .collect(Collectors.groupingBy(RecordedRequest::status, java.util.TreeMap::new, Collectors.counting()));
        Map<String, Instant> deadlines = interactions.stream().collect(Collectors.toMap(EmittedInteraction::id,
                i -> i.createdAt().plus(InteractionDeadline.FIRST_RESPONSE)));
        List<RecordedRequest> late = callbacks.stream()
                .filter(r -> r.receivedAt().isAfter(deadlines.get(r.pathParam("interaction_id").orElseThrow()))).toList();
        double projected = invalid * (600.0 / LOAD.toSeconds());
        System.out.printf("%-20s dispatched %d, answered %d, expired %d, refused callbacks %d %s (late %d), "
                        + "joins %d, invalid requests %d (%.0f per 10 min if such a fault came every %d s)%n",
                name, interactions.size(), answered, expired, refused.values().stream().mapToLong(Long::longValue).sum(),
                refused, late.size(), joinedUsers.size(), invalid, projected, LOAD.toSeconds());

        assertThat(acceptedPerInteraction.values()).as("accepted callbacks per interaction").containsOnly(1L);
        assertThat(answered + expired).as("every interaction answered once or counted expired")
                .isGreaterThanOrEqualTo(interactions.size())
                // counted both only when an attempt timed out or lost its connection after the simulator had
                // taken it and no retry fitted in the deadline (seen once, in the rush after an IP block)
                .isLessThanOrEqualTo(interactions.size() + 2L);
        assertThat(late).as("callbacks that reached Discord after the interaction's 3 s").isEmpty();
        assertThat(projected).as("invalid requests per 10 minutes").isLessThan(INVALID_PER_TEN_MINUTES);
        assertThat(pipeline.depth(pipeline.topology().deadLetterQueue())).as("dead-lettered").isZero();
        assertWorkersAnswerAgain();
        List<Integer> roleStatuses = requests.stream().filter(r -> r.route().equals(ROLE_ROUTE)).map(RecordedRequest::status).toList();
        return new Report(requests, callbacks.stream().map(RecordedRequest::status).toList(), roleStatuses,
                faultStarted, faultStopped, interactions.stream().map(EmittedInteraction::token).toList());
    }

    /** After the fault, both workers answer: a few interactions, each answered within its 3 s by one of them. */
    private void assertWorkersAnswerAgain() {
        double[] handledBefore = workers.stream().mapToDouble(w -> w.metrics().count(WorkerMetrics.PROCESSED,
                "outcome", "handled")).toArray();
        Set<String> ids = new HashSet<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Guild guild = pipeline.guild(ids.size() % 3);
            ids.add(pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, 0), "ping").id());
            for (int i = 0; i < workers.size(); i++) {
                assertThat(workers.get(i).metrics().count(WorkerMetrics.PROCESSED, "outcome", "handled"))
                        .as("interactions and joins handled by worker %d after the fault", i).isGreaterThan(handledBefore[i]);
            }
        });
        await().atMost(InteractionDeadline.FIRST_RESPONSE).until(() -> answered(ids).size() == ids.size());
    }

    private record Report(List<RecordedRequest> requests, List<Integer> callbackStatuses, List<Integer> roleStatuses,
                          Instant faultStarted, Instant faultStopped, List<String> tokens) {
    }

    private Fault routeFaults(RouteFault... faults) {
        return new Fault() {
            @Override
            public void start() {
                for (RouteFault f : faults) {
                    pipeline.simulator().faults().failRoute(f);
                }
            }

            @Override
            public void stop() {
                pipeline.simulator().faults().clearRouteFaults();
            }
        };
    }

    private Set<String> answered(Set<String> ids) {
        return pipeline.simulator().requests().filter(r -> r.status() < 300 && r.is("POST", Pipeline.CALLBACK_ROUTE)
                        && r.pathParam("interaction_id").filter(ids::contains).isPresent()).stream()
                .map(r -> r.pathParam("interaction_id").orElseThrow()).collect(Collectors.toSet());
    }

    private double expired() {
        return workers.stream().mapToDouble(w -> w.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED)).sum();
    }

    private long joinsWithRole(List<String> users) {
        Guild guild = pipeline.simulator().world().guild(pipeline.guild(0).id()).orElseThrow();
        return users.stream().filter(u -> guild.member(u).map(m -> m.roleIds().contains(role)).orElse(false)).count();
    }

}
