package community.arrakis.gatewayproxy.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.PrivateRabbit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each dependency of the workers fails under load (100 interactions/s, 5 joins/s, one ingestor, two
 * workers), one scenario at a time, and the suite prints one row per scenario (and writes them to
 * {@code bench-results/chaos-*.txt}). A scenario fails on any interaction lost (neither answered
 * nor counted expired), answered late or twice, any join without its role or given twice, any
 * ERROR line or secret in the log, a worker whose readiness did not name the missing dependency,
 * or no answer within {@link #RECOVERY_LIMIT} of the dependency's return.
 *
 * <p>The broker's own faults (application restarted, node restarted, memory alarm) run the whole
 * pipeline, the ingestor and both workers, on a {@link PrivateRabbit} started once for the class
 * (a node takes seconds to start) and reset between scenarios; each scenario has its own topology
 * prefix as always. For those, the readiness that must drop is the ingestor's {@code /health/ready}
 * (a memory alarm blocks only the publisher; the workers go on consuming), and each client
 * connection may log at most one WARN and one INFO for the outage.
 *
 * <p>In the test suite the outages are short ({@code 1.5 s} into a {@code 6 s} load, lasting {@code
 * 1.5 s}); {@code scripts/chaos.sh} runs the same scenarios with the lengths below set longer
 * (system properties {@code chaos.load}, {@code chaos.faultAt}, {@code chaos.outage}, ISO-8601
 * durations; {@code chaos.scenarios}, a comma-separated list of names, runs only those).
 */
class ChaosSuiteIT {

    private static final Duration LOAD = Duration.parse(System.getProperty("chaos.load", "PT6S"));
    private static final Duration FAULT_AT = Duration.parse(System.getProperty("chaos.faultAt", "PT1.5S"));
    private static final Duration OUTAGE = Duration.parse(System.getProperty("chaos.outage", "PT1.5S"));
    /** From the dependency's return to the first interaction answered again. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(2);
    private static final List<ChaosReport> REPORTS = new ArrayList<>();
    /** The broker scenarios' node, started by the first of them; closed after the last. */
    private static PrivateRabbit rabbit;

    static Stream<Arguments> scenarios() {
        String only = System.getProperty("chaos.scenarios", "");
        return Stream.of(
                Arguments.of(Named.of("redis-restarted-empty", Faults.redisRestartedEmpty())),
                Arguments.of(Named.of("redis-stalled", Faults.redisStalled())),
                Arguments.of(Named.of("broker-connections-cut", Faults.brokerConnectionsCut())),
                Arguments.of(Named.of("discord-rest-5xx", Faults.discordRestErrors())),
                Arguments.of(Named.of("broker-app-restarted", Faults.brokerAppRestarted())),
                Arguments.of(Named.of("broker-node-restarted", Faults.brokerNodeRestarted())),
                Arguments.of(Named.of("broker-memory-alarm", Faults.brokerMemoryAlarm())))
                .filter(scenario -> only.isBlank() || List.of(only.split(","))
                        .contains(((Named<?>) scenario.get()[0]).getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioLosesNothingAnswersNothingLateOrTwiceAndRecovers(Fault fault, org.junit.jupiter.api.TestInfo info)
            throws Exception {
        String name = info.getDisplayName().replaceAll("[^a-z0-9-]", "");
        ChaosReport report;
        try (ChaosPipeline chaos = ChaosPipeline.start(name, fault.needsPrivateBroker() ? privateRabbit() : null)) {
            report = new ChaosRun(name, fault, LOAD, FAULT_AT, fault.outage(OUTAGE)).run(chaos);
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
        if (fault.dependency() != null) {
            assertThat(report.unreadySeen()).as("a worker's (or for the broker the ingestor's) readiness named %s",
                    fault.dependency()).isTrue();
        }
        if (fault.needsPrivateBroker()) {
            assertThat(report.ingestorUnready()).as("the ingestor's /health/ready: 503, broker down").isTrue();
        }
        if ("broker".equals(fault.dependency())) {
            assertThat(report.brokerWarnsPerConnection()).as("WARN lines about one broker connection").isLessThanOrEqualTo(1);
            assertThat(report.brokerInfosPerConnection()).as("INFO lines about one broker connection").isLessThanOrEqualTo(1);
        }
        assertThat(report.recoveryMillis()).as("ms from the dependency's return to an answer")
                .isBetween(0L, RECOVERY_LIMIT.toMillis());
    }

    /** The node, running, its application started, without an alarm: whatever the last scenario left. */
    private static synchronized PrivateRabbit privateRabbit() throws IOException {
        if (rabbit == null) {
            rabbit = PrivateRabbit.start();
        } else {
            rabbit.reset();
        }
        return rabbit;
    }

    @AfterAll
    static synchronized void stopPrivateRabbit() {
        if (rabbit != null) {
            rabbit.close();
            rabbit = null;
        }
    }

    @AfterAll
    static void printTable() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("chaos suite, %s: load %s, fault at %s for %s; %d interactions/s, %d joins/s, %d workers",
                Instant.now(), LOAD, FAULT_AT, OUTAGE, ChaosRun.INTERACTIONS_PER_SECOND, ChaosRun.JOINS_PER_SECOND,
                ChaosPipeline.WORKERS));
        lines.add(ChaosReport.header());
        synchronized (REPORTS) {
            REPORTS.forEach(report -> lines.add(report.row()));
        }
        lines.forEach(System.out::println);
        Path dir = Path.of(System.getProperty("chaos.results", "../bench-results"));
        Files.createDirectories(dir);
        Files.write(dir.resolve("chaos-" + Instant.now().toString().replace(':', '-') + ".txt"), lines);
    }
}
