package community.arrakis.gatewayproxy.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.testing.Pipeline;
import community.arrakis.gatewayproxy.worker.testing.WorkerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker process is SIGKILLed in the middle of a load of interactions (100/s) and member joins
 * (25/s) while a second worker keeps running, then a new process is started. Every interaction gets
 * exactly one accepted callback and none expires, every join takes effect (the role is given), and
 * the backlog drains within 5 s of the restart.
 *
 * <p>What "once" means here: work the killed worker had finished but not yet recorded as done in
 * the ledger is run again by the worker that takes it over. For an interaction Discord refuses the
 * second answer (40060) and the user sees one; such repeats are counted and bounded by the prefetch.
 */
class WorkerCrashUnderLoadIT {

    private static final int INTERACTIONS_PER_SECOND = 100;
    private static final int JOINS_PER_SECOND = 25;
    private static final Duration LOAD = Duration.ofSeconds(5);
    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private Pipeline pipeline;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // Roomy route buckets: this test is about crashes, not about waiting for buckets. (Limits
        // switched off would still send headers, saying 5 remaining forever, which the client obeys.)
        pipeline = Pipeline.start("crash", SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))));
    }

    @AfterEach
    void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (Process p : processes) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        pipeline.close();
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "arrakis.crashIT", matches = "true", disabledReason = "opt-in (-Darrakis.crashIT=true), flaky: in the child JVM up to 50 callback requests at once never see their response "
            + "(HttpClient.send parked, the simulator logged a 204), so repeats reach the prefetch and some "
            + "interactions expire before the takeover; under investigation")
    void killedWorkerLosesNothingAndAnswersNothingTwice() throws Exception {
        String role = roleOf(pipeline.guild(0));
        // The process starts first, so it is the single active consumer of the guild queue when killed.
        Process doomed = WorkerProcess.start(pipeline, "crash-a", role);
        processes.add(doomed);
        pipeline.startWorker("crash-b", WorkerProcess.proofBot(role));

        List<EmittedInteraction> interactions = new ArrayList<>();
        List<String[]> joins = new ArrayList<>(); // guild, user
        long start = System.nanoTime();
        long killAt = start + TimeUnit.MILLISECONDS.toNanos(3_000);
        long restartAt = killAt + TimeUnit.MILLISECONDS.toNanos(1_000);
        long restarted = 0;
        boolean killed = false;
        int sentInteractions = 0;
        int sentJoins = 0;
        long end = start + LOAD.toNanos();
        while (System.nanoTime() < end) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            while (sentInteractions < elapsed * INTERACTIONS_PER_SECOND) {
                Guild guild = pipeline.guild(sentInteractions % 3);
                interactions.add(pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, sentInteractions % 4), "ping"));
                sentInteractions++;
            }
            while (sentJoins < elapsed * JOINS_PER_SECOND) {
                Guild guild = pipeline.guild(0); // the role given is guild 0's
                String user = Long.toString(556_000_000_000_000_000L + sentJoins);
                pipeline.simulator().emitMemberAdd(guild.id(), user);
                joins.add(new String[] {guild.id(), user});
                sentJoins++;
            }
            if (!killed && System.nanoTime() >= killAt) {
                doomed.destroyForcibly(); // SIGKILL: no shutdown hook, no acks, no heartbeat removal
                doomed.waitFor(10, TimeUnit.SECONDS);
                killed = true;
            }
            if (killed && restarted == 0 && System.nanoTime() >= restartAt) {
                processes.add(WorkerProcess.start(pipeline, "crash-a2", role));
                restarted = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing of the load, not synchronisation
        }
        assertThat(killed).isTrue();
        assertThat(restarted).isPositive();
        long drainDeadline = Math.max(restarted, System.nanoTime()) + TimeUnit.SECONDS.toNanos(5);

        // Every interaction: one accepted callback; every join: its role given.
        await().atMost(Duration.ofNanos(Math.max(1, drainDeadline - System.nanoTime()))).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    assertThat(accepted(pipeline.callbacks())).as("accepted callbacks").hasSize(interactions.size());
                    assertThat(joinsWithRole(joins, role)).as("joins that took effect").isEqualTo(joins.size());
                });

        List<RecordedRequest> callbacks = pipeline.callbacks();
        Map<String, Long> acceptedPerInteraction = accepted(callbacks).stream()
                .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow(), Collectors.counting()));
        assertThat(acceptedPerInteraction.keySet()).containsExactlyInAnyOrderElementsOf(
                interactions.stream().map(EmittedInteraction::id).toList());
        assertThat(acceptedPerInteraction.values()).containsOnly(1L);
        long refusedRepeats = callbacks.size() - acceptedPerInteraction.size();
        assertThat(callbacks).filteredOn(r -> r.status() >= 300).allSatisfy(r ->
                assertThat(r.responseBody()).as("only repeats are refused, none too late").contains("40060"));
        Map<String, Long> putsPerUser = pipeline.simulator().requests().filter(r -> r.is("PUT", ROLE_ROUTE)).stream()
                .collect(Collectors.groupingBy(r -> r.pathParam("user_id").orElseThrow(), Collectors.counting()));
        long repeatedRoleCalls = putsPerUser.values().stream().mapToLong(n -> n - 1).sum();
        System.out.printf("crash run: %d interactions, %d joins; callbacks refused as repeats %d, role calls repeated %d%n",
                interactions.size(), joins.size(), refusedRepeats, repeatedRoleCalls);
        // A repeat can only come from an event the killed worker had taken (at most its prefetch) and not
        // yet recorded as done: it answered, then died before its ledger write. Discord refuses the
        // second answer (40060), so the user sees one; a role given twice is the same role.
        int prefetch = pipeline.workerConfig("x").prefetch();
        assertThat(refusedRepeats).isLessThanOrEqualTo(prefetch);
        assertThat(repeatedRoleCalls).isLessThanOrEqualTo(prefetch);
        assertThat(pipeline.depth(pipeline.topology().deadLetterQueue())).isZero();
    }

    private static List<RecordedRequest> accepted(List<RecordedRequest> callbacks) {
        return callbacks.stream().filter(r -> r.status() < 300).toList();
    }

    private long joinsWithRole(List<String[]> joins, String role) {
        Map<String, Guild> guilds = pipeline.simulator().world().guilds().stream()
                .collect(Collectors.toMap(Guild::id, Function.identity()));
        return joins.stream().filter(j -> guilds.get(j[0]).member(j[1]).map(m -> m.roleIds().contains(role)).orElse(false))
                .count();
    }

    private static String roleOf(Guild guild) {
        return guild.roles().stream().filter(r -> !r.id().equals(guild.id())).findFirst().orElseThrow().id();
    }
}
