package community.arrakis.gatewayproxy.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.PrivateRabbitCluster;
import community.arrakis.gatewayproxy.testkit.PrivateRedisSentinel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Node loss under load (issue 18): the ingestor and two workers on a 3-node RabbitMQ cluster of the
 * test's own with quorum queues ({@code RABBITMQ_URL} naming the three nodes) and a Redis master +
 * replica + three sentinels ({@code redis-sentinel://}), 100 interactions/s and 5 joins/s, while
 *
 * <ul>
 *   <li>{@code rabbit-leader-node-stopped}: the node holding the queues' leaders is stopped, then
 *       started again;</li>
 *   <li>{@code redis-master-killed}: the Redis master is killed (SIGKILL), a replica promoted by
 *       the sentinels, the old master started again as a replica.</li>
 * </ul>
 *
 * Each fails on any interaction lost (neither answered nor counted expired), answered late or
 * twice, any join without its role or given twice, an ERROR line or a secret in the log. The
 * figure reported is the longest time without an answer from the node's loss on ("gap ms"), which
 * must stay under {@link #GAP_LIMIT}. Cluster and sentinels start once for the class (≈ 20 s);
 * {@code scripts/cluster/failover.sh} runs the same with a longer load (system properties
 * {@code chaos.load}, {@code chaos.faultAt}, {@code chaos.outage}, {@code chaos.scenarios}, as for
 * {@link ChaosSuiteIT}).
 */
class ClusterFailoverIT {

    private static final Duration LOAD = Duration.parse(System.getProperty("chaos.load", "PT7S"));
    private static final Duration FAULT_AT = Duration.parse(System.getProperty("chaos.faultAt", "PT1.5S"));
    private static final Duration OUTAGE = Duration.parse(System.getProperty("chaos.outage", "PT2S"));
    /**
     * The longest a failover may leave interactions unanswered: the sentinels' 1 s down-after, their
     * election and the clients' reconnects (Redis); a quorum queue's election and a client's
     * recovery to another node (RabbitMQ). Past 3 s the interactions caught in it would expire.
     */
    private static final Duration GAP_LIMIT = Duration.ofSeconds(6);
    private static final List<ChaosReport> REPORTS = new ArrayList<>();
    private static PrivateRabbitCluster cluster;
    private static PrivateRedisSentinel sentinel;

    static Stream<Arguments> scenarios() {
        String only = System.getProperty("chaos.scenarios", "");
        return Stream.of(
                Arguments.of(Named.of("rabbit-leader-node-stopped", Faults.clusterLeaderNodeStopped())),
                Arguments.of(Named.of("redis-master-killed", Faults.redisMasterKilled())))
                .filter(scenario -> only.isBlank() || List.of(only.split(","))
                        .contains(((Named<?>) scenario.get()[0]).getName()));
    }

    @BeforeAll
    static void startClusterAndSentinels() throws Exception {
        cluster = PrivateRabbitCluster.start(3);
        sentinel = PrivateRedisSentinel.start(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void nodeLossLosesNothingAnswersNothingLateOrTwice(Fault fault, org.junit.jupiter.api.TestInfo info) throws Exception {
        String name = info.getDisplayName().replaceAll("[^a-z0-9-]", "");
        cluster.reset();
        ChaosReport report;
        try (ChaosPipeline chaos = ChaosPipeline.startOnCluster(name, cluster, sentinel)) {
            report = new ChaosRun(name, fault, LOAD, FAULT_AT, OUTAGE).run(chaos);
        }
        synchronized (REPORTS) {
            REPORTS.add(report);
        }
        System.out.println(ChaosReport.header());
        System.out.println(report.row());

        assertThat(report.lost()).as("lost (neither answered nor counted expired)").isZero();
        assertThat(report.refused()).as("callbacks refused: late or repeated").isZero();
        assertThat(report.duplicates()).as("duplicate effects").isZero();
        assertThat(report.joinsWithoutRole()).as("joins without their role").isZero();
        assertThat(report.errorLines()).as("ERROR log lines").isZero();
        assertThat(report.secretLines()).as("log lines with a token or password").isZero();
        assertThat(report.answered()).as("interactions answered").isPositive();
        assertThat(report.interruptionMillis()).as("ms without an answer from the node's loss on")
                .isBetween(0L, GAP_LIMIT.toMillis());
    }

    @AfterAll
    static void stopClusterAndSentinels() throws IOException {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (sentinel != null) {
                sentinel.close();
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(String.format("cluster failover, %s: load %s, fault at %s, healed %s later; %d interactions/s, %d joins/s,"
                        + " %d workers, 3 RabbitMQ nodes (quorum queues), Redis master + replica + 3 sentinels",
                Instant.now(), LOAD, FAULT_AT, OUTAGE, ChaosRun.INTERACTIONS_PER_SECOND, ChaosRun.JOINS_PER_SECOND,
                ChaosPipeline.WORKERS));
        lines.add(ChaosReport.header());
        synchronized (REPORTS) {
            REPORTS.forEach(report -> lines.add(report.row()));
        }
        lines.forEach(System.out::println);
        Path dir = Path.of(System.getProperty("chaos.results", "../bench-results"));
        Files.createDirectories(dir);
        Files.write(dir.resolve("failover-" + Instant.now().toString().replace(':', '-') + ".txt"), lines);
    }
}
