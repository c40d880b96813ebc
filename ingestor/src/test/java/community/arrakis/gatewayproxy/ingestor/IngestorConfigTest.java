package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IngestorConfigTest {

    private final IngestorConfig defaults = IngestorConfig.builder().botToken("secret-token").build();

    @Test
    void defaultsAreTheNamedConstants() {
        assertThat(defaults.amqpUrl()).isEqualTo(IngestorConfig.DEFAULT_AMQP_URL);
        assertThat(defaults.maxBufferedPerShard()).isEqualTo(IngestorConfig.DEFAULT_MAX_BUFFERED_PER_SHARD);
        assertThat(defaults.shards()).isNull();
        assertThat(defaults.totalShards()).isZero();
        assertThat(defaults.forwards("MESSAGE_CREATE")).isTrue();
    }

    @Test
    void toBuilderCarriesEveryOptionAndChangesOnlyWhatIsSet() {
        IngestorConfig custom = defaults.toBuilder().shards(new ShardRange(2, 3)).totalShards(4).opsPort(0)
                .eventTypes(Set.of("INTERACTION_CREATE")).deferUnconfirmedInteractions(true)
                .startRetryTimeout(Duration.ZERO).build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        IngestorConfig changed = custom.toBuilder().opsPort(9000).build();
        assertThat(changed.opsPort()).isEqualTo(9000);
        assertThat(changed.toBuilder().opsPort(0).build()).isEqualTo(custom);
    }

    @Test
    void aMissingTokenIsNamed() {
        assertThatThrownBy(() -> IngestorConfig.builder().build()).hasMessage("--token (DISCORD_TOKEN) is required");
    }

    @Test
    void toStringNeverShowsTheTokenOrPasswords() {
        IngestorConfig config = defaults.toBuilder().amqpUrl("amqp://user:hunter2@broker:5672").build();
        assertThat(config.toString()).doesNotContain("secret-token").doesNotContain("hunter2").contains("user:***@");
    }

    @Test
    void allowListForwardsOnlyTheListedTypes() {
        IngestorConfig config = defaults.toBuilder().eventTypes(Set.of("INTERACTION_CREATE")).build();
        assertThat(config.forwards("INTERACTION_CREATE")).isTrue();
        assertThat(config.forwards("GUILD_MEMBER_ADD")).isFalse();
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertThatThrownBy(() -> IngestorConfig.builder().botToken(" ").build()).hasMessageContaining("--token");
        assertThatThrownBy(() -> defaults.toBuilder().eventTypes(Set.of("TYPING_START")).build())
                .hasMessageContaining("--event-types").hasMessageContaining("INTERACTION_CREATE");
        assertThatThrownBy(() -> defaults.toBuilder().shards(new ShardRange(0, 15)).totalShards(8).build())
                .hasMessageContaining("--shards 0-15").hasMessageContaining("--total-shards 8");
        assertThatThrownBy(() -> defaults.toBuilder().maxBufferedPerShard(0).checkpointInterval(Duration.ofSeconds(1)).build()).hasMessageContaining("--max-buffered-per-shard");
        assertThatThrownBy(() -> defaults.toBuilder().maxBufferedPerShard(10).checkpointInterval(Duration.ZERO).build()).hasMessageContaining("--checkpoint-interval");
        assertThatThrownBy(() -> defaults.toBuilder().opsPort(70000).build()).hasMessageContaining("--ops-port");
        assertThatThrownBy(() -> defaults.toBuilder().amqpUrl("http://x").build()).hasMessageContaining("--rabbitmq-url");
        assertThatThrownBy(() -> defaults.toBuilder().redisUrl("localhost").redisKeyPrefix("p:").build()).hasMessageContaining("--redis-url");
        assertThatThrownBy(() -> defaults.toBuilder().identifyBudgetReserve(-1).build()).hasMessageContaining("--identify-budget-reserve");
    }
}
