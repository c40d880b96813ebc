package community.arrakis.gatewayproxy.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadProfileTest {

    @Test
    void standardProfileLastsThirteenMinutesTenSecondsAndScalesToAboutFortySeconds() {
        LoadProfile standard = LoadProfile.standard();

        assertThat(standard.totalDuration()).isEqualTo(Duration.ofSeconds(790));
        assertThat(standard.stages()).extracting(LoadProfile.Stage::startRate, LoadProfile.Stage::endRate)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.0, 100.0),
                        org.assertj.core.groups.Tuple.tuple(100.0, 1_000.0),
                        org.assertj.core.groups.Tuple.tuple(1_000.0, 1_000.0),
                        org.assertj.core.groups.Tuple.tuple(5_000.0, 5_000.0),
                        org.assertj.core.groups.Tuple.tuple(1_000.0, 1_000.0),
                        org.assertj.core.groups.Tuple.tuple(1_000.0, 0.0));
        LoadProfile scaled = standard.scaled(0.05);
        assertThat(scaled.totalDuration()).isEqualTo(Duration.ofMillis(39_500));
        assertThat(scaled.stages().get(3).startRate()).isEqualTo(5_000);
        assertThat(scaled.name()).isEqualTo("standard ×0.05");
    }

    @Test
    void rampEmitsTheAreaUnderItsRateLine() {
        LoadProfile.Stage ramp = LoadProfile.Stage.ramp(0, 100, Duration.ofSeconds(60));

        assertThat(ramp.eventsBy(Duration.ofSeconds(30).toNanos())).isEqualTo(750);
        assertThat(ramp.totalEvents()).isEqualTo(3_000);
        assertThat(ramp.eventsBy(Duration.ofSeconds(90).toNanos())).isEqualTo(3_000);
        LoadProfile.Stage down = LoadProfile.Stage.ramp(1_000, 0, Duration.ofSeconds(60));
        assertThat(down.eventsBy(Duration.ofSeconds(30).toNanos())).isEqualTo(22_500);
        assertThat(down.totalEvents()).isEqualTo(30_000);
    }

    @Test
    void constantStageKeepsItsRate() {
        LoadProfile.Stage stage = new LoadProfile.Stage(250, Duration.ofSeconds(2));

        assertThat(stage.ratePerSecond()).isEqualTo(250);
        assertThat(stage.totalEvents()).isEqualTo(500);
        assertThat(LoadProfile.constant(250, Duration.ofSeconds(2)).totalEvents()).isEqualTo(500);
    }

    @Test
    void parsesTheFormsOfTheLoadOption() {
        assertThat(LoadProfile.parse("standard").totalDuration()).isEqualTo(Duration.ofSeconds(790));
        LoadProfile constant = LoadProfile.parse("constant:2000:1.5");
        assertThat(constant.totalEvents()).isEqualTo(3_000);
        assertThat(constant.totalDuration()).isEqualTo(Duration.ofMillis(1_500));
    }

    @Test
    void rejectsABadLoadOptionNamingTheAcceptedForms() {
        assertThatThrownBy(() -> LoadProfile.parse("constant:fast:10"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("constant:<rate>:<seconds>");
        assertThatThrownBy(() -> LoadProfile.parse("spike"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'standard'");
        assertThatThrownBy(() -> LoadProfile.standard().scaled(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> LoadProfile.Stage.ramp(-1, 10, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
