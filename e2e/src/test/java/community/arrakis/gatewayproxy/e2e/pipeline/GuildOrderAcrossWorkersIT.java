package community.arrakis.gatewayproxy.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import community.arrakis.gatewayproxy.e2e.fixture.GuildOrderRecorder;
import community.arrakis.gatewayproxy.e2e.fixture.Pipeline;
import community.arrakis.gatewayproxy.e2e.fixture.WorkerProcess;
import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.simulator.WorldSpec;
import community.arrakis.gatewayproxy.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guild events spread over the guild partitions, under load, while workers join and leave: one
 * worker, then a second (its own JVM) and a third, then the first stops gracefully and the second
 * is killed (SIGKILL), all while the simulator keeps dispatching join/update/leave sequences over
 * 40 guilds. Every guild's handlers must see its events in dispatch order, none lost.
 *
 * <p>"In order" with a kill in the middle: the killed worker's unacknowledged deliveries come back
 * (at least once), so a guild may see an event again. What must never happen is an event handled
 * before one dispatched earlier in its guild was handled: each recorded event is either the next
 * new one of its guild or a repeat of one already seen.
 */
class GuildOrderAcrossWorkersIT {

    private static final int GUILDS = 40;
    private static final int SEQUENCES = 1_200;
    /** Sequences dispatched per second at most (3 events each): the load lasts about 8 s. */
    private static final int SEQUENCES_PER_SECOND = 150;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private Pipeline pipeline;
    private GuildOrderRecorder recorder;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        pipeline = Pipeline.start("order", SimulatorConfig.defaults().withWorld(new WorldSpec(GUILDS, 2, 1)));
        recorder = new GuildOrderRecorder(pipeline.redisUrl(), pipeline.redisPrefix());
    }

    @AfterEach
    void stop() throws Exception {
        processes.forEach(Process::destroyForcibly);
        recorder.close();
        pipeline.close();
    }

    @Test
    void eachGuildsEventsStayInOrderWhileWorkersJoinAndLeave() throws Exception {
        List<Guild> guilds = pipeline.simulator().world().guilds();
        List<String> guildIds = guilds.stream().map(Guild::id).toList();
        assertThat(guildIds.stream().map(g -> GuildPartitions.partitionOf(g, pipeline.topology().guildPartitions())).distinct())
                .as("the guilds cover every partition").hasSize(pipeline.topology().guildPartitions());

        Worker first = pipeline.startWorker("order-1", recorder.handlers());

        Map<String, List<String>> dispatched = new ConcurrentHashMap<>();
        AtomicInteger emitted = new AtomicInteger();
        AtomicReference<Throwable> emitFailure = new AtomicReference<>();
        Semaphore allowed = new Semaphore(0); // one permit per sequence: the test releases the load a sixth at a time
        Thread emitter = Thread.ofPlatform().name("order-emitter").start(() -> {
            try {
                for (int i = 0; i < SEQUENCES; i++) {
                    allowed.acquire();
                    // load shaping, not synchronisation: at most SEQUENCES_PER_SECOND
                    LockSupport.parkNanos(1_000_000_000L / SEQUENCES_PER_SECOND);
                    Guild guild = guilds.get(i % GUILDS);
                    String user = Long.toString(557_000_000_000_000_000L + i);
                    dispatched.computeIfAbsent(guild.id(), g -> new CopyOnWriteArrayList<>())
                            .addAll(List.of("join:" + user, "update:" + user, "leave:" + user));
                    pipeline.simulator().emitMemberAdd(guild.id(), user);
                    pipeline.simulator().emitMemberUpdate(guild.id(), user, List.of());
                    pipeline.simulator().emitMemberRemove(guild.id(), user);
                    emitted.incrementAndGet();
                }
            } catch (Throwable e) {
                emitFailure.set(e);
            }
        });

        // Each join or leave starts just as a sixth of the load is released, so it happens while that
        // sixth is being dispatched, and more load follows it.
        phase(allowed, emitted, 1, () -> null);
        Process second = phase(allowed, emitted, 2, () -> WorkerProcess.start(pipeline, "order-2", WorkerProcess.RECORD_ORDER));
        processes.add(second);
        phase(allowed, emitted, 3, () -> pipeline.startWorker("order-3", recorder.handlers()));
        assertThat(recorder.total(guildIds)).as("handled while the load runs").isPositive();
        phase(allowed, emitted, 4, () -> {
            first.close(); // gracefully: running handlers finish, the rest goes back in order
            return null;
        });
        phase(allowed, emitted, 5, () -> second.destroyForcibly().waitFor()); // SIGKILL: its unacknowledged deliveries return
        allowed.release(SEQUENCES - 5 * (SEQUENCES / 6));

        emitter.join(WAIT.toMillis());
        assertThat(emitFailure.get()).as("the simulator took every dispatch").isNull();
        assertThat(emitted.get()).isEqualTo(SEQUENCES);
        await().atMost(WAIT).until(() -> everyEventRecorded(recorder.recorded(guildIds), dispatched));

        Map<String, List<String>> seen = recorder.recorded(guildIds);
        for (String guild : guildIds) {
            assertThat(outOfOrder(seen.get(guild), dispatched.get(guild)))
                    .as("events of guild %s handled before an earlier one of the same guild", guild).isEmpty();
        }
    }

    private interface Step<T> {
        T run() throws Exception;
    }

    /** Releases the {@code n}th sixth of the load, runs {@code step} while it is dispatched, waits until it was. */
    private static <T> T phase(Semaphore allowed, AtomicInteger emitted, int n, Step<T> step) throws Exception {
        allowed.release(SEQUENCES / 6);
        T result = step.run();
        await().atMost(WAIT).until(() -> emitted.get() >= n * (SEQUENCES / 6));
        return result;
    }

    private static boolean everyEventRecorded(Map<String, List<String>> seen, Map<String, List<String>> dispatched) {
        return dispatched.entrySet().stream().allMatch(e -> new HashSet<>(seen.get(e.getKey())).containsAll(e.getValue()));
    }

    /**
     * The recorded events that came before an earlier-dispatched event of the guild had been seen
     * (a repeat of an event already seen is a redelivery, not a disorder).
     */
    static List<String> outOfOrder(List<String> recorded, List<String> dispatched) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < dispatched.size(); i++) {
            position.put(dispatched.get(i), i);
        }
        List<String> wrong = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int next = 0;
        for (String event : recorded) {
            Integer at = position.get(event);
            if (at == null) {
                wrong.add(event + " (never dispatched)");
            } else if (at == next) {
                seen.add(event);
                next++;
            } else if (!seen.contains(event)) {
                wrong.add(event + " (position " + at + ", expected position " + next + " next)");
            }
        }
        return wrong;
    }
}
