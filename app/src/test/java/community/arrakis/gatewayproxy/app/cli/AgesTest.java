package community.arrakis.gatewayproxy.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AgesTest {

    @Test
    void readsTheShortFormsAndIso8601() {
        assertThat(Ages.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Ages.parse("15m")).isEqualTo(Duration.ofMinutes(15));
        assertThat(Ages.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Ages.parse("3d")).isEqualTo(Duration.ofDays(3));
        assertThat(Ages.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Ages.parse("1D12H")).isEqualTo(Duration.ofHours(36));
        assertThat(Ages.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Ages.parse("pt45s")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void refusesAnythingElseSayingWhatItTakes() {
        for (String bad : new String[] {"2", "2 weeks", "2w", "h", "-1h", "PT", "1.5h"}) {
            assertThatThrownBy(() -> Ages.parse(bad)).as(bad).isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessage("'" + bad + "' is not an age: use 90s, 15m, 2h, 3d, 1h30m or ISO-8601 like PT1H30M");
        }
    }

    @Test
    void showsTwoUnits() {
        assertThat(Ages.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Ages.format(Duration.ofSeconds(723))).isEqualTo("12m03s");
        assertThat(Ages.format(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(Ages.format(Duration.ofHours(76))).isEqualTo("3d04h");
        assertThat(Ages.format(Duration.ofSeconds(-3))).as("a clock a little behind the broker's").isEqualTo("0s");
    }
}
