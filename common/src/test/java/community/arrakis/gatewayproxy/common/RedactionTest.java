package community.arrakis.gatewayproxy.common;

import static org.assertj.core.api.Assertions.assertThat;

import community.arrakis.gatewayproxy.testkit.FakeDiscordTokens;
import org.junit.jupiter.api.Test;

class RedactionTest {

    /** The shape of a real bot token (user id, timestamp, HMAC), made up. */
    private static final String BOT_TOKEN = FakeDiscordTokens.botToken();
    private static final String INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpzZWNyZXQ";

    @Test
    void hidesThePasswordOfABrokerUrlAndKeepsTheUser() {
        assertThat(Redaction.redact("cannot connect to RabbitMQ at amqp://arrakis:hunter2@rabbit:5672/prod: refused"))
                .isEqualTo("cannot connect to RabbitMQ at amqp://arrakis:***@rabbit:5672/prod: refused");
        assertThat(Redaction.redact("amqps://guest:p%40ss:word@10.0.0.1")).isEqualTo("amqps://guest:***@10.0.0.1");
    }

    @Test
    void hidesARedisPasswordWithOrWithoutAUserName() {
        assertThat(Redaction.redact("redis://:hunter2@cache:6379/0")).isEqualTo("redis://:***@cache:6379/0");
        assertThat(Redaction.redact("rediss://default:hunter2@cache:6380")).isEqualTo("rediss://default:***@cache:6380");
        assertThat(Redaction.redact("redis-sentinel://hunter2@s1:26379,s2:26379/0#mymaster"))
                .isEqualTo("redis-sentinel://***@s1:26379,s2:26379/0#mymaster");
        assertThat(Redaction.redact("amqp://bot:hunter2@node-a:5672,amqp://bot:hunter2@node-b:5672/prod"))
                .isEqualTo("amqp://bot:***@node-a:5672,amqp://bot:***@node-b:5672/prod");
        assertThat(Redaction.redact("Redis at redis://hunter2@cache:6379 does not answer"))
                .isEqualTo("Redis at redis://***@cache:6379 does not answer");
    }

    @Test
    void leavesUrlsWithoutCredentialsAlone() {
        String text = "amqp://rabbit:5672, redis://127.0.0.1:6379 and http://127.0.0.1:8090/api/v10/gateway/bot";
        assertThat(Redaction.redact(text)).isEqualTo(text);
    }

    @Test
    void hidesABotTokenAfterBotAndBare() {
        assertThat(Redaction.redact("Authorization: Bot " + BOT_TOKEN)).isEqualTo("Authorization: Bot ***");
        assertThat(Redaction.redact("token=" + BOT_TOKEN + ", shard 3")).isEqualTo("token=***, shard 3");
    }

    @Test
    void keepsTheWordBotInProse() {
        String text = "the bare token from the Bot page of the Discord developer portal";
        assertThat(Redaction.redact(text)).isEqualTo(text);
    }

    @Test
    void hidesTheInteractionTokenInWebhookAndCallbackUrls() {
        assertThat(Redaction.redact("PATCH https://discord.com/api/v10/webhooks/1200/" + INTERACTION_TOKEN + "/messages/@original failed"))
                .isEqualTo("PATCH https://discord.com/api/v10/webhooks/1200/***/messages/@original failed");
        assertThat(Redaction.redact("POST /interactions/1300/" + INTERACTION_TOKEN + "/callback?with_response=true"))
                .isEqualTo("POST /interactions/1300/***/callback?with_response=true");
    }

    @Test
    void leavesRouteTemplatesAndNullAlone() {
        String template = "POST /interactions/{interaction_id}/{interaction_token}/callback";
        assertThat(Redaction.redact(template)).isEqualTo(template);
        assertThat(Redaction.redact(null)).isNull();
    }
}
