package community.arrakis.gatewayproxy.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import community.arrakis.gatewayproxy.simulator.EmittedInteraction;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.RecordedRequest;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import community.arrakis.gatewayproxy.worker.Worker;
import community.arrakis.gatewayproxy.worker.metrics.WorkerMetrics;
import community.arrakis.gatewayproxy.worker.testing.LogCapture;
import community.arrakis.gatewayproxy.worker.testing.Pipeline;
import community.arrakis.gatewayproxy.worker.testing.PrivateRedis;
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
 * The workers' Redis is killed (SIGKILL) and started again empty, twice, while 100 interactions/s
 * and 5 member joins/s go through an ingestor and two workers. The Redis is the test's own, on a
 * free port; the machine's shared Redis keeps the ingestor's checkpoints and is never touched.
 *
 * <p>Before this test's fix the first outage stalled every worker for good: a Redis exception
 * escaped the consumer, the delivery was never settled, and once the prefetch window was full of
 * such deliveries nothing more arrived. What it proves now, precisely:
 *
 * <ul>
 *   <li><b>Nothing lost</b>: every interaction is either answered once (an accepted callback) or
 *       counted expired by a worker (it could not be answered within its 3 s); every join takes
 *       effect.</li>
 *   <li><b>Nothing late, nothing twice</b>: no callback is refused by the simulator (a late one or a
 *       second one would be).</li>
 *   <li><b>It says so</b>: during each outage a worker's readiness goes down naming Redis; after
 *       each, both are ready again within 2 s of Redis answering (the figure is printed); no ERROR
 *       line is logged, and at most a few WARN lines per outage.</li>
 *   <li><b>No secret in the log</b>: no line of the run holds the bot token or an interaction token.</li>
 * </ul>
 */
class NothingLostWhenRedisRestartsIT {

    private static final int INTERACTIONS_PER_SECOND = 100;
    private static final int JOINS_PER_SECOND = 5;
    private static final Duration LOAD = Duration.ofMillis(7_000);
    /** [kill, restart] offsets from the start of the load. */
    private static final long[][] OUTAGES = {{1_500, 3_000}, {4_500, 6_000}};
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(2);
    private static final String ROLE_ROUTE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";

    private PrivateRedis redis;
    private Pipeline pipeline;
    private LogCapture logs;

    @BeforeEach
    void start() throws Exception {
        redis = PrivateRedis.start();
        pipeline = Pipeline.start("redis-restart", SimulatorConfig.defaults()
                .withRateLimits(RateLimitConfig.defaults().withRouteLimit(10_000, Duration.ofSeconds(1))));
    }

    @AfterEach
    void stop() throws Exception {
        if (logs != null) {
            logs.close();
        }
        try {
            pipeline.close();
        } finally {
            redis.close();
        }
    }

    @Test
    void workersHoldOrReturnTheirWorkAndResumeByThemselves() throws Exception {
        String role = roleOf(pipeline.guild(0));
        List<Worker> workers = List.of(
                pipeline.startWorker(pipeline.workerConfig("rr-a").withRedisUrl(redis.url()), WorkerProcess.proofBot(role)),
                pipeline.startWorker(pipeline.workerConfig("rr-b").withRedisUrl(redis.url()), WorkerProcess.proofBot(role)));
        logs = LogCapture.attach();

        List<EmittedInteraction> interactions = new ArrayList<>();
        List<String[]> joins = new ArrayList<>(); // guild, user
        int outage = 0;
        boolean down = false;
        boolean[] sawUnready = new boolean[OUTAGES.length];
        long[] recoveryMillis = new long[OUTAGES.length];
        long restartedAt = 0;
        int recovering = -1;
        long start = System.nanoTime();
        long end = start + LOAD.toNanos();
        while (System.nanoTime() < end || recovering >= 0) {
            long now = System.nanoTime();
            double elapsed = (now - start) / 1e9;
            if (now < end) {
                while (interactions.size() < elapsed * INTERACTIONS_PER_SECOND) {
                    Guild guild = pipeline.guild(interactions.size() % 3);
                    interactions.add(pipeline.simulator().emitSlashCommand(guild.id(),
                            pipeline.user(guild, interactions.size() % 4), "ping"));
                }
                while (joins.size() < elapsed * JOINS_PER_SECOND) {
                    Guild guild = pipeline.guild(0); // the role given is guild 0's
                    String user = Long.toString(557_000_000_000_000_000L + joins.size());
                    pipeline.simulator().emitMemberAdd(guild.id(), user);
                    joins.add(new String[] {guild.id(), user});
                }
            }
            long millis = (now - start) / 1_000_000;
            if (outage < OUTAGES.length && !down && millis >= OUTAGES[outage][0]) {
                redis.kill();
                down = true;
            }
            if (down) {
                sawUnready[outage] |= workers.stream().anyMatch(w -> !w.health().get("redis").ready()
                        && w.health().get("redis").detail().contains("unusable"));
                if (millis >= OUTAGES[outage][1]) {
                    redis.restart(); // returns once it answers PING
                    restartedAt = System.nanoTime();
                    recovering = outage;
                    down = false;
                    outage++;
                }
            }
            if (recovering >= 0 && workers.stream().allMatch(Worker::ready)) {
                recoveryMillis[recovering] = (System.nanoTime() - restartedAt) / 1_000_000;
                recovering = -1;
            }
            if (recovering >= 0 && System.nanoTime() - restartedAt > RECOVERY_LIMIT.toNanos() * 5) {
                break; // never recovered: the assertions below say so
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // pacing of the load, not synchronisation
        }
        assertThat(outage).as("outages played").isEqualTo(OUTAGES.length);

        // Every interaction answered or counted expired; every join in effect.
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(accepted(pipeline.callbacks()).size() + expired(workers)).as("answered + expired")
                    .isEqualTo(interactions.size());
            assertThat(joinsWithRole(joins, role)).as("joins that took effect").isEqualTo(joins.size());
        });
        List<RecordedRequest> callbacks = pipeline.callbacks();
        Map<String, Long> acceptedPerInteraction = accepted(callbacks).stream()
                .collect(Collectors.groupingBy(r -> r.pathParam("interaction_id").orElseThrow(), Collectors.counting()));
        List<RecordedRequest> refused = callbacks.stream().filter(r -> r.status() >= 300).toList();
        long rolePuts = pipeline.simulator().requests().filter(r -> r.is("PUT", ROLE_ROUTE) && r.status() < 300).size();
        List<LogCapture.Line> errors = logs.at(Level.ERROR);
        List<LogCapture.Line> warnings = logs.at(Level.WARN);
        System.out.printf("redis restarts: %d interactions (answered %d, expired %d, refused callbacks %d), %d joins "
                        + "(%d role calls accepted); ready again %s ms after Redis answered; %d ERROR, %d WARN lines%n",
                interactions.size(), acceptedPerInteraction.size(), (long) expired(workers), refused.size(), joins.size(),
                rolePuts, java.util.Arrays.toString(recoveryMillis), errors.size(), warnings.size());
        warnings.forEach(line -> System.out.println("  " + line));

        assertThat(acceptedPerInteraction.values()).as("accepted callbacks per interaction").containsOnly(1L);
        assertThat(refused).as("callbacks refused (late, or a second one)").isEmpty();
        for (int i = 0; i < OUTAGES.length; i++) {
            assertThat(sawUnready[i]).as("readiness named Redis during outage %d", i + 1).isTrue();
            assertThat(recoveryMillis[i]).as("ms from Redis answering to both workers ready, outage %d", i + 1)
                    .isPositive().isLessThan(RECOVERY_LIMIT.toMillis());
        }
        assertThat(errors).as("ERROR lines").isEmpty();
        // One WARN per worker per outage from the availability, at most one more per worker for the
        // rate-limit fallback, and one per in-flight guild event that had to wait for its "done" record.
        assertThat(warnings).as("WARN lines").hasSizeLessThanOrEqualTo(OUTAGES.length * workers.size() * 4);
        assertThat(pipeline.depth(pipeline.topology().deadLetterQueue())).as("dead-lettered").isZero();
        List<String> secrets = new ArrayList<>(interactions.stream().map(EmittedInteraction::token).toList());
        secrets.add(pipeline.simulator().config().botToken());
        assertThat(logs.lines()).as("log lines written").isNotEmpty();
        assertThat(logs.containing(secrets)).as("log lines with the bot token or an interaction token").isEmpty();
    }

    private static double expired(List<Worker> workers) {
        return workers.stream().mapToDouble(w -> w.metrics().count(WorkerMetrics.INTERACTIONS_EXPIRED)).sum();
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
