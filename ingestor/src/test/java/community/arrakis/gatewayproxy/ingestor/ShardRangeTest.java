package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardRangeTest {

    @Test
    void parsesARangeAndASingleShard() {
        assertThat(ShardRange.parse("0-15")).isEqualTo(new ShardRange(0, 15));
        assertThat(ShardRange.parse("0-15").size()).isEqualTo(16);
        assertThat(ShardRange.parse(" 7 ")).isEqualTo(new ShardRange(7, 7));
        assertThat(ShardRange.parse("16-31").ids().toArray()).startsWith(16, 17).endsWith(31).hasSize(16);
    }

    @Test
    void rejectsMalformedRangesNamingTheOption() {
        for (String bad : new String[] {"", "a-b", "5-3", "1-2-3", "-1"}) {
            assertThatThrownBy(() -> ShardRange.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--shards");
        }
    }
}
