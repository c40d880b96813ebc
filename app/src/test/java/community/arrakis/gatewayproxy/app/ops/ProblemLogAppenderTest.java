package community.arrakis.gatewayproxy.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.ops.status.LogLine;
import community.arrakis.gatewayproxy.testkit.FakeDiscordTokens;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class ProblemLogAppenderTest {

    private static final Logger log = LoggerFactory.getLogger("community.arrakis.gatewayproxy.test.Careless");
    private static final String TOKEN = FakeDiscordTokens.botToken();

    @Test
    void keepsWarningsAndErrorsRedactedAndNothingBelow() {
        try (ProblemLogAppender problems = ProblemLogAppender.attach(
                OpsEndpoints.redactor(TOKEN, "amqp://bot:broker-pass@rabbit:5672"))) {
            log.info("started with {}", TOKEN);
            log.warn("Discord refused token {}", TOKEN);
            log.error("cannot reach amqp://bot:broker-pass@rabbit:5672", new IOException("refused by broker-pass"));

            assertThat(problems.log().lines()).extracting(LogLine::level).containsExactly("ERROR", "WARN");
            LogLine error = problems.log().lines().get(0);
            assertThat(error.logger()).isEqualTo("Careless");
            assertThat(error.message()).isEqualTo("cannot reach amqp://bot:[redacted]@rabbit:5672 "
                    + "[java.io.IOException: refused by [redacted]]");
            assertThat(problems.log().lines().get(1).message()).isEqualTo("Discord refused token [redacted]");
        }
    }

    @Test
    void closingStopsTheCapture() {
        ProblemLogAppender problems = ProblemLogAppender.attach(OpsEndpoints.redactor(TOKEN));
        problems.close();

        log.warn("after close");

        assertThat(problems.log().lines()).isEmpty();
    }
}
