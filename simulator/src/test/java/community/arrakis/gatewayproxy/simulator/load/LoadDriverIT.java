package community.arrakis.gatewayproxy.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.Role;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoadDriverIT {
    private static final Set<Integer> ALL_INTERACTIONS = Set.of(2, 3, 4);
    private static final SimulatorConfig UNLIMITED = SimulatorConfig.defaults()
            .withRateLimits(RateLimitConfig.disabled());

    /**
     * Loses nothing when driven well past what a bot usually sees. The rate itself (the 20,000/s
     * target) is a benchmark figure, measured by scripts/bench/simulator-ceiling.sh: a timed assertion
     * here would fail whenever CI shares the machine.
     */
    @Test
    void deliversEveryDispatchToANullBotAtTwentyFiveThousandPerSecondOffered() {
        LoadDriverCeiling.Result result = LoadDriverCeiling.measure(25_000, Duration.ofSeconds(2));

        assertThat(result.emitted()).isGreaterThanOrEqualTo(10_000);
        assertThat(result.received()).as(result.toString()).isEqualTo(result.emitted());
        System.out.println("load driver: " + result);
    }

    @Test
    void measuresLatencyFromDispatchToCallbackAcrossRampsAndSteps() {
        try (DiscordSimulator simulator = DiscordSimulator.start(UNLIMITED);
             AnsweringBot bot = AnsweringBot.connect(simulator, ALL_INTERACTIONS, null)) {
            LoadReport report = new LoadDriver(simulator).run(new LoadProfile(List.of(
                    LoadProfile.Stage.ramp(0, 400, Duration.ofSeconds(1)),
                    new LoadProfile.Stage(200, Duration.ofMillis(500)))), Duration.ofSeconds(5));

            assertThat(report.stages()).extracting(LoadReport.StageResult::targetEvents, LoadReport.StageResult::sent)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(200L, 200L),
                            org.assertj.core.groups.Tuple.tuple(100L, 100L));
            assertThat(report.sent()).isEqualTo(300);
            assertThat(report.answered()).isEqualTo(300);
            assertThat(report.lost()).isZero();
            assertThat(report.errors()).isZero();
            assertThat(report.latencyMicros().getTotalCount()).isEqualTo(300);
            assertThat(report.percentileMicros(99)).isPositive();
            JsonNode json = report.toJson();
            assertThat(json.path("types").path("ping").path("answered").asLong()).isEqualTo(300);
            assertThat(json.path("latency_ms").path("p99").asDouble()).isPositive();
            assertThat(report.toTable()).contains("| ping | 300 | 300 | 0 | 0 | 0 | 0 |");
        }
    }

    @Test
    void measuresEachTypeOfAMixIncludingJoinsAnsweredByARolePut() {
        try (DiscordSimulator simulator = DiscordSimulator.start(UNLIMITED)) {
            Guild joinGuild = simulator.world().guilds().get(0);
            Role memberRole = joinGuild.roles().stream().filter(r -> r.name().equals("Member")).findFirst().orElseThrow();
            long membersWithRoleBefore = joinGuild.members().stream().filter(m -> m.roleIds().contains(memberRole.id()))
                    .count();
            try (AnsweringBot bot = AnsweringBot.connect(simulator, ALL_INTERACTIONS, memberRole.id())) {
                LoadMix mix = LoadMix.parse("ping=6,button=1,autocomplete=1,join=1,update=1");

                LoadReport report = new LoadDriver(simulator).withMix(mix)
                        .run(LoadProfile.constant(400, Duration.ofSeconds(1)), Duration.ofSeconds(5));

                assertThat(report.type(LoadEventType.PING).sent()).isEqualTo(240);
                for (LoadEventType type : List.of(LoadEventType.PING, LoadEventType.BUTTON, LoadEventType.AUTOCOMPLETE,
                        LoadEventType.JOIN)) {
                    LoadReport.TypeResult result = report.type(type);
                    assertThat(result.answered()).as(type.key()).isEqualTo(result.sent()).isPositive();
                    assertThat(result.latencyMicros().getTotalCount()).as(type.key()).isEqualTo(result.sent());
                    assertThat(result.lost() + result.errors() + result.expired()).as(type.key()).isZero();
                }
                LoadReport.TypeResult updates = report.type(LoadEventType.UPDATE);
                assertThat(updates.sent()).isEqualTo(40);
                assertThat(updates.answerExpected()).isFalse();
                assertThat(updates.lost()).isZero();
                assertThat(report.passed()).isTrue();
                assertThat(joinGuild.members()).filteredOn(m -> m.roleIds().contains(memberRole.id())).hasSize((int) membersWithRoleBefore + 40);
            }
        }
    }

    @Test
    void joinsOfABotWithoutAJoinHandlerAreLostOnlyWhenAnswersAreExpected() {
        try (DiscordSimulator simulator = DiscordSimulator.start(UNLIMITED);
             AnsweringBot bot = AnsweringBot.connect(simulator, ALL_INTERACTIONS, null)) {
            LoadMix mix = LoadMix.parse("ping=1,join=1");
            LoadProfile profile = LoadProfile.constant(100, Duration.ofMillis(200));

            LoadReport notExpected = new LoadDriver(simulator).withMix(mix.withMemberJoinAnswered(false))
                    .run(profile, Duration.ofSeconds(5));
            LoadReport expected = new LoadDriver(simulator).withMix(mix).run(profile, Duration.ofMillis(300));

            assertThat(notExpected.type(LoadEventType.JOIN).sent()).isEqualTo(10);
            assertThat(notExpected.type(LoadEventType.JOIN).lost()).isZero();
            assertThat(notExpected.passed()).isTrue();
            assertThat(expected.type(LoadEventType.JOIN).lost()).isEqualTo(10);
            assertThat(expected.type(LoadEventType.PING).lost()).isZero();
            assertThat(expected.passed()).isFalse();
        }
    }

    @Test
    void countsCallbacksAfterTheResponseWindowAsExpired() {
        try (DiscordSimulator simulator = DiscordSimulator.start(UNLIMITED);
             AnsweringBot bot = AnsweringBot.late(simulator, ALL_INTERACTIONS, Duration.ofSeconds(4))) {
            LoadReport report = new LoadDriver(simulator).withMix(LoadMix.only(LoadEventType.BUTTON))
                    .run(LoadProfile.constant(20, Duration.ofMillis(500)), Duration.ofSeconds(5));

            LoadReport.TypeResult buttons = report.type(LoadEventType.BUTTON);
            assertThat(buttons.sent()).isEqualTo(10);
            assertThat(buttons.expired()).isEqualTo(10);
            assertThat(buttons.answered() + buttons.lost() + buttons.errors()).isZero();
        }
    }

    @Test
    void countsUnansweredInteractionsAsLost() {
        SimulatorConfig config = SimulatorConfig.defaults();
        try (DiscordSimulator simulator = DiscordSimulator.start(config);
             NullBot bot = NullBot.connect(simulator.gatewayUrl(), config.botToken())) {
            assertThat(bot.dispatches()).isPositive();
            LoadReport report = new LoadDriver(simulator).run(LoadProfile.constant(50, Duration.ofMillis(400)),
                    Duration.ofMillis(100));

            assertThat(report.sent()).isEqualTo(20);
            assertThat(report.lost()).isEqualTo(20);
            assertThat(report.answered()).isZero();
        }
    }
}
