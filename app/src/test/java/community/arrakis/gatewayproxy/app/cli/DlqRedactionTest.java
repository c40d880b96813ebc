package community.arrakis.gatewayproxy.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import community.arrakis.gatewayproxy.testkit.FakeDiscordTokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class DlqRedactionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INTERACTION_TOKEN = "aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpzZWNyZXQ";
    private static final String BOT_TOKEN = FakeDiscordTokens.botToken();

    @Test
    void secretNamedFieldsAreMaskedAtAnyDepth() throws Exception {
        JsonNode envelope = JSON.readTree("""
                {"eventId":"1","interactionToken":"%s","guildId":"42",
                 "payload":{"id":"1","token":"%s","data":{"options":[{"name":"password","value":"x"}]},
                            "nested":[{"access_token":"abc"}],"clientSecret":{"a":1}}}
                """.formatted(INTERACTION_TOKEN, INTERACTION_TOKEN));

        JsonNode redacted = DlqRedaction.json(envelope, List.of());

        assertThat(redacted.toString()).doesNotContain(INTERACTION_TOKEN).doesNotContain("abc");
        assertThat(redacted.get("interactionToken").asText()).isEqualTo(DlqRedaction.MASK);
        assertThat(redacted.at("/payload/token").asText()).isEqualTo(DlqRedaction.MASK);
        assertThat(redacted.at("/payload/nested/0/access_token").asText()).isEqualTo(DlqRedaction.MASK);
        assertThat(redacted.at("/payload/clientSecret").asText()).isEqualTo(DlqRedaction.MASK);
        assertThat(redacted.get("guildId").asText()).isEqualTo("42");
        assertThat(redacted.at("/payload/data/options/0/name").asText()).as("a value, not a name").isEqualTo("password");
        assertThat(envelope.get("interactionToken").asText()).as("the original is untouched").isEqualTo(INTERACTION_TOKEN);
    }

    @Test
    void nullTokensStayNull() throws Exception {
        assertThat(DlqRedaction.json(JSON.readTree("{\"interactionToken\":null}"), List.of()).get("interactionToken").isNull())
                .isTrue();
    }

    @Test
    void secretShapedTextIsMaskedWhereverItAppears() {
        String reason = "DiscordRestException: 404 on POST /interactions/1300000000000000001/" + INTERACTION_TOKEN
                + "/callback; sent with Bot " + BOT_TOKEN + " to amqp://arrakis:hunter2@rabbit:5672";

        String redacted = DlqRedaction.text(reason, List.of());

        assertThat(redacted).doesNotContain(INTERACTION_TOKEN).doesNotContain(BOT_TOKEN).doesNotContain("hunter2")
                .contains("/interactions/1300000000000000001/[redacted]/callback")
                .contains("amqp://arrakis:[redacted]@rabbit:5672");
    }

    @Test
    void secretFieldsOfJsonThatDoesNotParseAreMaskedToo() {
        String cut = "{\"id\":\"1\",\"token\":\"" + INTERACTION_TOKEN + "\",\"client_secret\": \"s3\\\"cr3t\",\"data\":{\"na";

        assertThat(DlqRedaction.text(cut, List.of()))
                .isEqualTo("{\"id\":\"1\",\"token\":\"[redacted]\",\"client_secret\": \"[redacted]\",\"data\":{\"na");
    }

    @Test
    void aKnownSecretIsMaskedInAnyText() {
        assertThat(DlqRedaction.text("handler said: my token is short-but-known-1", List.of("short-but-known-1")))
                .isEqualTo("handler said: my token is [redacted]");
    }
}
