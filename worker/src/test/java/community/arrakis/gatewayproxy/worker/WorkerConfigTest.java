package community.arrakis.gatewayproxy.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WorkerConfigTest {

    private final WorkerConfig defaults = WorkerConfig.defaults(WorkerConfig.DEFAULT_AMQP_URL,
            WorkerConfig.DEFAULT_REDIS_URL, WorkerConfig.DEFAULT_API_BASE_URL);

    @Test
    void defaultsAreNamedAndValid() {
        assertThat(defaults.prefetch()).isEqualTo(WorkerConfig.DEFAULT_PREFETCH);
        assertThat(defaults.concurrency()).isEqualTo(WorkerConfig.DEFAULT_CONCURRENCY);
        assertThat(defaults.dispatchOptions().owner()).isEqualTo(defaults.workerId());
    }

    @Test
    void badValuesFailNamingTheOption() {
        assertThatThrownBy(() -> WorkerConfig.defaults("http://x", WorkerConfig.DEFAULT_REDIS_URL, WorkerConfig.DEFAULT_API_BASE_URL))
                .hasMessageContaining("amqpUrl (RABBITMQ_URL)");
        assertThatThrownBy(() -> defaults.withPrefetchAndConcurrency(0, 1)).hasMessage("prefetch must be 1..65535, was 0");
        assertThatThrownBy(() -> defaults.withJoinRoleId("admins")).hasMessageStartingWith("joinRoleId must be a snowflake");
        assertThatThrownBy(() -> defaults.withAutoDeferMargin(Duration.ofSeconds(3))).hasMessageStartingWith("autoDeferMargin");
        assertThatThrownBy(() -> WorkerConfig.defaults(WorkerConfig.DEFAULT_AMQP_URL, WorkerConfig.DEFAULT_REDIS_URL, URI.create("ftp://x")))
                .hasMessageStartingWith("apiBaseUrl");
    }

    @Test
    void toStringHidesSecrets() {
        WorkerConfig config = WorkerConfig.defaults("amqp://guest:secret@h:5672", "redis://:pw@h:6379", WorkerConfig.DEFAULT_API_BASE_URL)
                .withBotToken("bot-token-value");
        assertThat(config.toString()).doesNotContain("secret", "pw@", "bot-token-value");
    }
}
