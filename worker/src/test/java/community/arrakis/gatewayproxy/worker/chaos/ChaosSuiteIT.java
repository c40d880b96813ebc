package community.arrakis.gatewayproxy.worker.chaos;

import static org.assertj.core.api.Assertions.assertThat;

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

    static Stream<Arguments> scenarios() {
        String only = System.getProperty("chaos.scenarios", "");
        return Stream.of(
                Arguments.of(Named.of("redis-restarted-empty", Faults.redisRestartedEmpty())),
                Arguments.of(Named.of("redis-stalled", Faults.redisStalled())),
                Arguments.of(Named.of("broker-connections-cut", Faults.brokerConnectionsCut())),
                Arguments.of(Named.of("discord-rest-5xx", Faults.discordRestErrors())))
                .filter(scenario -> only.isBlank() || List.of(only.split(","))
                        .contains(((Named<?>) scenario.get()[0]).getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenarioLosesNothingAnswersNothingLateOrTwiceAndRecovers(Fault fault, org.junit.jupiter.api.TestInfo info)
            throws Exception {
        String name = info.getDisplayName().replaceAll("[^a-z0-9-]", "");
        ChaosReport report;
        try (ChaosPipeline chaos = ChaosPipeline.start(name)) {
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
            assertThat(report.unreadySeen()).as("a worker's readiness named %s", fault.dependency()).isTrue();
        }
        assertThat(report.recoveryMillis()).as("ms from the dependency's return to an answer")
                .isBetween(0L, RECOVERY_LIMIT.toMillis());
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
