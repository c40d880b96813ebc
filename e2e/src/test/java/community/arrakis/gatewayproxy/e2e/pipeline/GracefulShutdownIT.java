package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.handler.GuildEventHandler;
import community.arrakis.gatewayproxy.worker.handler.Handlers;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Worker#close()} in the middle of work. Worker A (3 handler slots) holds one member join and
 * two interactions in running handlers, blocked on a gate, with ten more interactions and nineteen
 * guild events delivered to it but not started (each step awaited before the next is emitted). A
 * second worker B starts, then A closes:
 *
 * <ul>
 *   <li>the ten interactions A had not started are given back at once and answered by B while A's
 *       handlers are still blocked (so within Discord's 3 s, not after A's grace period);</li>
 *   <li>A's three running handlers finish after the gate opens and A answers / settles them: close
 *       waits for them;</li>
 *   <li>the guild events A held are requeued only when A's last guild handler finished, and B runs
 *       them in each guild's dispatch order;</li>
 *   <li>every interaction has exactly one accepted callback and no refused one; every event ran
 *       exactly once, on exactly one worker; nothing is dead-lettered.</li>
 * </ul>
 */
class GracefulShutdownIT {

    private static final int INTERACTIONS = 12;
    private static final int USERS_PER_GUILD = 4;

    private Pipeline pipeline;

    @BeforeEach
    void start() throws Exception {
        pipeline = Pipeline.start("grace", SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))));
    }

    @AfterEach
    void stop() throws Exception {
        pipeline.close();
    }

    @Test
    void closeFinishesRunningHandlersAndGivesTheRestToAnotherWorker() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch firstJoinRunning = new CountDownLatch(1);
        Map<String, List<String>> ranOn = new ConcurrentHashMap<>(); // interaction id or guild event -> workers
        Map<String, List<String>> seen = new ConcurrentHashMap<>(); // guild -> events in handling order
        Worker a = pipeline.startWorker(pipeline.workerConfig("grace-a").toBuilder().prefetch(20).concurrency(3).build(),
                handlers("grace-a", gate, firstJoinRunning, ranOn, seen));

        List<Guild> guilds = List.of(pipeline.guild(0), pipeline.guild(1));
        Map<String, List<String>> dispatched = new ConcurrentHashMap<>();
        String firstUser = user(0, 0);
        pipeline.simulator().emitMemberAdd(guilds.get(0).id(), firstUser);
        dispatched.computeIfAbsent(guilds.get(0).id(), g -> new ArrayList<>()).add("join:" + firstUser);
        assertThat(firstJoinRunning.await(10, TimeUnit.SECONDS)).isTrue();

        List<EmittedInteraction> interactions = new ArrayList<>();
        for (int i = 0; i < INTERACTIONS; i++) {
            Guild guild = guilds.get(i % 2);
            interactions.add(pipeline.simulator().emitSlashCommand(guild.id(), pipeline.user(guild, i % 4), "work"));
        }
        // A's other two slots take two interactions; the other ten wait in A (the guild events come after)
        await().atMost(Duration.ofSeconds(10)).until(() -> a.inFlight() == 1 + INTERACTIONS
                && ranOn.values().stream().filter(w -> w.contains("grace-a")).count() == 3);
        int guildEvents = 1;
        for (int u = 0; u < USERS_PER_GUILD; u++) {
            for (int g = 0; g < guilds.size(); g++) {
                String guildId = guilds.get(g).id();
                String user = user(g, u);
                List<String> order = dispatched.computeIfAbsent(guildId, k -> new ArrayList<>());
                if (!(g == 0 && u == 0)) {
                    pipeline.simulator().emitMemberAdd(guildId, user);
                    order.add("join:" + user);
                    guildEvents++;
                }
                pipeline.simulator().emitMemberUpdate(guildId, user, List.of());
                pipeline.simulator().emitMemberRemove(guildId, user);
                order.addAll(List.of("update:" + user, "leave:" + user));
                guildEvents += 2;
            }
        }
        // A has all the interactions (2 running, 10 waiting) and, of each guild partition it reads,
        // a prefetch's worth of guild events (one running in all); the other guild events wait in
        // their partition.
        Map<Integer, Integer> perPartition = new java.util.HashMap<>();
        dispatched.forEach((guildId, events) -> perPartition.merge(
                GuildPartitions.partitionOf(guildId, pipeline.topology().guildPartitions()), events.size(), Integer::sum));
        int expectedAtA = INTERACTIONS + perPartition.values().stream().mapToInt(n -> Math.min(n, 20)).sum();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.inFlight() == expectedAtA);

        Worker b = pipeline.startWorker("grace-b", handlers("grace-b", new CountDownLatch(0), new CountDownLatch(1), ranOn, seen));
        Thread closer = Thread.ofPlatform().name("close-a").start(a::close);
        await().atMost(Duration.ofSeconds(2)).until(() -> !a.live());

        // The ten interactions A had not started: answered by B while A's handlers are still blocked.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                .until(() -> accepted().stream().map(r -> r.pathParam("interaction_id").orElseThrow())
                        .filter(id -> ranOn.getOrDefault(id, List.of()).contains("grace-b")).count() == INTERACTIONS - 2);
        assertThat(closer.isAlive()).as("A waits for its running handlers").isTrue();
        gate.countDown();
        closer.join(Duration.ofSeconds(10));
        assertThat(closer.isAlive()).as("A closed within its grace period").isFalse();

        int total = guildEvents;
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> accepted().size() == INTERACTIONS && seen.values().stream().mapToInt(List::size).sum() >= total);

        // Interactions: one accepted callback each, none refused; each handler ran once, on one worker.
        List<RecordedRequest> callbacks = pipeline.callbacks();
        assertThat(callbacks).allSatisfy(r -> assertThat(r.status()).isLessThan(300));
        assertThat(callbacks.stream().map(r -> r.pathParam("interaction_id").orElseThrow()).toList())
                .containsExactlyInAnyOrderElementsOf(interactions.stream().map(EmittedInteraction::id).toList());
        Map<String, Long> perWorker = interactions.stream().map(i -> ranOn.get(i.id()))
                .peek(workers -> assertThat(workers).hasSize(1))
                .collect(Collectors.groupingBy(workers -> workers.get(0), Collectors.counting()));
        assertThat(perWorker).containsEntry("grace-a", 2L).containsEntry("grace-b", (long) INTERACTIONS - 2);
        // Guild events: each once, on one worker, in each guild's dispatch order; the first join on A.
        assertThat(seen).isEqualTo(dispatched);
        assertThat(ranOn.entrySet().stream().filter(e -> e.getKey().contains(":")))
                .allSatisfy(e -> assertThat(e.getValue()).hasSize(1));
        assertThat(ranOn.get("join:" + firstUser)).containsExactly("grace-a");
        assertThat(b.ready()).isTrue();
        assertThat(pipeline.depth(pipeline.topology().deadLetterQueue())).isZero();
    }

    private static String user(int guild, int index) {
        return Long.toString(558_000_000_000_000_000L + guild * 100L + index);
    }

    private List<RecordedRequest> accepted() {
        return pipeline.callbacks().stream().filter(r -> r.status() < 300).toList();
    }

    /** Handlers that record where and in which order they ran; A's block on the gate. */
    private static Handlers handlers(String worker, CountDownLatch gate, CountDownLatch firstJoinRunning,
                                     Map<String, List<String>> ranOn, Map<String, List<String>> seen) {
        return Handlers.create()
                .command("work", ctx -> {
                    ranOn.computeIfAbsent(ctx.interactionId(), k -> new CopyOnWriteArrayList<>()).add(worker);
                    gate.await();
                    ctx.reply("done by " + worker);
                })
                .memberJoin(guildEvent("join", worker, gate, firstJoinRunning, ranOn, seen))
                .memberUpdate(guildEvent("update", worker, gate, firstJoinRunning, ranOn, seen))
                .memberLeave(guildEvent("leave", worker, gate, firstJoinRunning, ranOn, seen));
    }

    private static GuildEventHandler guildEvent(String what, String worker, CountDownLatch gate, CountDownLatch firstJoinRunning,
                                                Map<String, List<String>> ranOn, Map<String, List<String>> seen) {
        return ctx -> {
            String event = what + ":" + ctx.userId();
            ranOn.computeIfAbsent(event, k -> new CopyOnWriteArrayList<>()).add(worker);
            seen.computeIfAbsent(ctx.guildId(), g -> new CopyOnWriteArrayList<>()).add(event);
            firstJoinRunning.countDown();
            gate.await();
        };
    }
}
