package community.arrakis.gatewayproxy.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.FakeDiscordTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRedactorTest {

    private static final String BOT_TOKEN = FakeDiscordTokens.botToken();

    @Test
    void masksTheConfiguredSecrets() {
        SecretRedactor redactor = SecretRedactor.of(List.of("sim-bot-token"));

        assertThat(redactor.apply("token sim-bot-token refused")).isEqualTo("token [redacted] refused");
    }

    @Test
    void masksThePasswordsOfTheGivenUrlsWhereverTheyAppear() {
        SecretRedactor redactor = SecretRedactor.of(List.of())
                .withPasswordsOf("amqp://bot:s3cr%40t@rabbit:5672", "redis://:hunter2@cache:6379");

        assertThat(redactor.apply("login s3cr@t failed; auth hunter2 rejected"))
                .isEqualTo("login [redacted] failed; auth [redacted] rejected");
    }

    @Test
    void masksThePasswordsOfClusterAndSentinelUrls() {
        SecretRedactor redactor = SecretRedactor.of(List.of())
                .withPasswordsOf("amqp://bot:rabbit-pw@node-a:5672,amqp://bot:rabbit-pw@node-b:5672",
                        "redis-sentinel://sentinel-pw@s1:26379,s2:26379/0#arrakis");

        assertThat(redactor.apply("login rabbit-pw failed; auth sentinel-pw rejected"))
                .isEqualTo("login [redacted] failed; auth [redacted] rejected");
    }

    @Test
    void masksAnyPasswordInAUrl() {
        assertThat(SecretRedactor.of(List.of()).apply("cannot reach amqp://user:pa55@host:5672/vhost"))
                .isEqualTo("cannot reach amqp://user:[redacted]@host:5672/vhost");
    }

    @Test
    void masksInteractionTokensInWebhookAndCallbackPaths() {
        String token = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpxeHl6";
        String masked = SecretRedactor.of(List.of())
                .apply("POST /interactions/123456789012345678/" + token + "/callback answered 404; PATCH /webhooks/42/"
                        + token + "/messages/@original");

        assertThat(masked).doesNotContain(token)
                .isEqualTo("POST /interactions/123456789012345678/[redacted]/callback answered 404; PATCH /webhooks/42/"
                        + "[redacted]/messages/@original");
    }

    @Test
    void masksWhatIsShapedLikeABotTokenOrALongToken() {
        SecretRedactor redactor = SecretRedactor.of(List.of());

        assertThat(redactor.apply("Authorization: Bot " + BOT_TOKEN)).isEqualTo("Authorization: Bot [redacted]");
        assertThat(redactor.apply("token " + BOT_TOKEN + " leaked")).isEqualTo("token [redacted] leaked");
        assertThat(redactor.apply("x " + "A".repeat(80) + " y")).isEqualTo("x [redacted] y");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        String line = "shard 3/16 READY -> RECONNECTING: Discord closed the connection with 4000; resuming "
                + "(event 1234567890123456789, trace 0af7651916cd43dd8448eb211c80319c, "
                + "community.arrakis.gatewayproxy.ingestor.ShardSupervisor)";

        assertThat(SecretRedactor.of(List.of("sim-bot-token")).apply(line)).isEqualTo(line);
    }
}
