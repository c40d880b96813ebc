package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestorConfigTest {

    private final IngestorConfig defaults = IngestorConfig.defaults("secret-token");

    @Test
    void defaultsAreTheNamedConstants() {
        assertThat(defaults.amqpUrl()).isEqualTo(IngestorConfig.DEFAULT_AMQP_URL);
        assertThat(defaults.maxBufferedPerShard()).isEqualTo(IngestorConfig.DEFAULT_MAX_BUFFERED_PER_SHARD);
        assertThat(defaults.shards()).isNull();
        assertThat(defaults.totalShards()).isZero();
        assertThat(defaults.forwards("MESSAGE_CREATE")).isTrue();
    }

    @Test
    void toStringNeverShowsTheTokenOrPasswords() {
        IngestorConfig config = defaults.withBroker("amqp://user:hunter2@broker:5672", defaults.topology());
        assertThat(config.toString()).doesNotContain("secret-token").doesNotContain("hunter2").contains("user:***@");
    }

    @Test
    void allowListForwardsOnlyTheListedTypes() {
        IngestorConfig config = defaults.withEvents(false, Set.of("INTERACTION_CREATE"));
        assertThat(config.forwards("INTERACTION_CREATE")).isTrue();
        assertThat(config.forwards("GUILD_MEMBER_ADD")).isFalse();
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertThatThrownBy(() -> IngestorConfig.defaults(" ")).hasMessageContaining("--token");
        assertThatThrownBy(() -> defaults.withEvents(false, Set.of("TYPING_START")))
                .hasMessageContaining("--event-types").hasMessageContaining("INTERACTION_CREATE");
        assertThatThrownBy(() -> defaults.withShards(new ShardRange(0, 15), 8))
                .hasMessageContaining("--shards 0-15").hasMessageContaining("--total-shards 8");
        assertThatThrownBy(() -> defaults.withBuffering(0, Duration.ofSeconds(1))).hasMessageContaining("--max-buffered-per-shard");
        assertThatThrownBy(() -> defaults.withBuffering(10, Duration.ZERO)).hasMessageContaining("--checkpoint-interval");
        assertThatThrownBy(() -> defaults.withOpsPort(70000)).hasMessageContaining("--ops-port");
        assertThatThrownBy(() -> defaults.withBroker("http://x", defaults.topology())).hasMessageContaining("--rabbitmq-url");
        assertThatThrownBy(() -> defaults.withRedis("localhost", "p:")).hasMessageContaining("--redis-url");
        assertThatThrownBy(() -> defaults.withIdentifyBudgetReserve(-1)).hasMessageContaining("--identify-budget-reserve");
    }
}
