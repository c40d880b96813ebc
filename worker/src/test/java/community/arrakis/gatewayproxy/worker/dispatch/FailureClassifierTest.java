package community.arrakis.gatewayproxy.worker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.discord.rest.DiscordRestException;
import community.arrakis.gatewayproxy.worker.handler.RetryLaterException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void passingFailuresAreRetryable() {
        assertThat(FailureClassifier.isRetryable(new RetryLaterException("later"))).isTrue();
        assertThat(FailureClassifier.isRetryable(new RuntimeException(new IOException("reset")))).isTrue();
        assertThat(FailureClassifier.isRetryable(new DiscordRestException("429", 429, 0, "r", true))).isTrue();
    }

    @Test
    void bugsAndClientErrorsAreNot() {
        assertThat(FailureClassifier.isRetryable(new NullPointerException())).isFalse();
        assertThat(FailureClassifier.isRetryable(new DiscordRestException("Missing Permissions", 403, 50013, "r", false))).isFalse();
    }

    @Test
    void describeIsOneBoundedLine() {
        assertThat(FailureClassifier.describe(new IllegalStateException("boom"))).isEqualTo("IllegalStateException: boom");
        assertThat(FailureClassifier.describe(new IllegalStateException("boom ".repeat(400)))).hasSize(500);
    }

    @Test
    void describeHidesAnInteractionTokenAHandlerQuoted() {
        assertThat(FailureClassifier.describe(new IllegalStateException(
                "could not reach https://discord.com/api/v10/webhooks/42/aW50ZXJhY3Rpb246c2VjcmV0/messages/@original")))
                .isEqualTo("IllegalStateException: could not reach https://discord.com/api/v10/webhooks/42/***/messages/@original");
    }
}
