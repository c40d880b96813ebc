package community.arrakis.gatewayproxy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private final WorkerConfig defaults = WorkerConfig.builder().build();

    @Test
    void defaultsAreNamedAndValid() {
        assertThat(defaults.prefetch()).isEqualTo(WorkerConfig.DEFAULT_PREFETCH);
        assertThat(defaults.concurrency()).isEqualTo(WorkerConfig.DEFAULT_CONCURRENCY);
        assertThat(defaults.dispatchOptions().owner()).isEqualTo(defaults.workerId());
    }

    @Test
    void toBuilderCarriesEveryOptionAndChangesOnlyWhatIsSet() {
        WorkerConfig custom = defaults.toBuilder().botToken("t").joinRoleId("42").prefetch(7).concurrency(9)
                .redisKeyPrefix("p:").heartbeatTtl(Duration.ofSeconds(2)).build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        WorkerConfig changed = custom.toBuilder().prefetch(8).build();
        assertThat(changed.prefetch()).isEqualTo(8);
        assertThat(changed.toBuilder().prefetch(7).build()).isEqualTo(custom);
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertThatThrownBy(() -> WorkerConfig.builder().amqpUrl("http://x").build())
                .hasMessageContaining("amqpUrl (RABBITMQ_URL)");
        assertThatThrownBy(() -> defaults.toBuilder().prefetch(0).concurrency(1).build()).hasMessage("prefetch must be 1..65535, was 0");
        assertThatThrownBy(() -> defaults.toBuilder().joinRoleId("admins").build()).hasMessageStartingWith("joinRoleId must be a snowflake");
        assertThatThrownBy(() -> defaults.toBuilder().autoDeferMargin(Duration.ofSeconds(3)).build()).hasMessageStartingWith("autoDeferMargin");
        assertThatThrownBy(() -> WorkerConfig.builder().apiBaseUrl(URI.create("ftp://x")).build())
                .hasMessageStartingWith("apiBaseUrl");
    }

    @Test
    void toStringHidesSecrets() {
        WorkerConfig config = WorkerConfig.builder().amqpUrl("amqp://guest:secret@h:5672").redisUrl("redis://:pw@h:6379")
                .botToken("bot-token-value").build();
        assertThat(config.toString()).doesNotContain("secret", "pw@", "bot-token-value");
    }
}
