package community.arrakis.gatewayproxy.broker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.impl.LongStringHelper;
import community.arrakis.gatewayproxy.broker.ConfirmingPublisher;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a dead letter says, read from its headers and body as RabbitMQ hands them over. */
class DeadLetterTest {

    private static final String ENVELOPE = """
            {"schemaVersion":1,"eventId":"1300000000000000001","eventType":"interaction.command.ping",
             "dispatchType":"INTERACTION_CREATE","timestamp":1700000000000,"shardId":0,"sessionId":"s","sequence":7,
             "receivedAt":1700000000100,"guildId":"42","interactionId":"1300000000000000001",
             "interactionToken":"aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpzZWNyZXQ","priority":10,
             "data":{"commandName":"ping"},"payload":{"id":"1300000000000000001","token":"aW50ZXJhY3Rpb246MTMwMDAwMDAwMDAwMDAwMDAwMTpzZWNyZXQ"}}
            """;

    @Test
    void headersArriveAsByteStringsAndAreReadAsText() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(DeadLetterHeaders.REASON, LongStringHelper.asLongString("IllegalStateException: the spice"));
        headers.put(DeadLetterHeaders.ATTEMPTS, 3);
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, 1700000005000L);
        headers.put(DeadLetterHeaders.REPLAYS, 2);
        DeadLetter letter = read(headers, ENVELOPE);

        assertThat(letter.reason()).isEqualTo("IllegalStateException: the spice");
        assertThat(letter.headers().get(DeadLetterHeaders.REASON)).isInstanceOf(String.class);
        assertThat(letter.attempts()).contains(3);
        assertThat(letter.replays()).isEqualTo(2);
        assertThat(letter.deadLetteredAt()).contains(Instant.ofEpochMilli(1700000005000L));
        assertThat(letter.since()).contains(Instant.ofEpochMilli(1700000005000L));
        assertThat(letter.routingKey()).contains("interaction.command.ping");
        assertThat(letter.isInteraction()).isTrue();
    }

    @Test
    void rabbitMqsRecordGivesTheReasonTimeQueueAndRoutingKey() {
        Map<String, Object> death = new HashMap<>();
        death.put("queue", LongStringHelper.asLongString("arrakis.interactions"));
        death.put("reason", LongStringHelper.asLongString("rejected"));
        death.put("time", new Date(1700000009000L));
        death.put("exchange", LongStringHelper.asLongString("arrakis.events"));
        death.put("routing-keys", List.of(LongStringHelper.asLongString("interaction.command.old_name")));
        death.put("count", 1L);
        DeadLetter letter = read(Map.of(DeadLetterHeaders.X_DEATH, List.of(death)), ENVELOPE);

        assertThat(letter.reason()).isEqualTo("dead-lettered by RabbitMQ: rejected in arrakis.interactions");
        assertThat(letter.deadLetteredAt()).contains(Instant.ofEpochMilli(1700000009000L));
        assertThat(letter.sourceQueue()).contains("arrakis.interactions");
        assertThat(letter.routingKey()).contains("interaction.command.old_name");
    }

    @Test
    void anOldDeadLetterWithoutItsTimeIsAgedFromWhenTheEventWasReceived() {
        DeadLetter letter = read(Map.of(DeadLetterHeaders.REASON, "x"), ENVELOPE);

        assertThat(letter.deadLetteredAt()).isEmpty();
        assertThat(letter.since()).contains(Instant.ofEpochMilli(1700000000100L));
    }

    @Test
    void aBodyThatIsNotAnEnvelopeStillSaysWhatItCan() {
        DeadLetter letter = DeadLetter.read(4, new AMQP.BasicProperties.Builder().messageId("0:s:9")
                        .headers(Map.of(DeadLetterHeaders.DISPATCH_TYPE, "GUILD_MEMBER_ADD")).build(),
                "{\"guild_id\":\"42\",\"user\":{}}".getBytes(StandardCharsets.UTF_8));

        assertThat(letter.position()).isEqualTo(4);
        assertThat(letter.envelope()).isEmpty();
        assertThat(letter.notAnEnvelope().orElseThrow()).contains("schemaVersion");
        assertThat(letter.eventId()).contains("0:s:9");
        assertThat(letter.guildId()).contains("42");
        assertThat(letter.dispatchType()).contains("GUILD_MEMBER_ADD");
        assertThat(letter.eventType()).isEmpty();
        assertThat(letter.routingKey()).isEmpty();
        assertThat(letter.reason()).isEqualTo("(no reason recorded)");
    }

    @Test
    void aReplayLeavesOutTheDeathAndCarriesTheMarkAndThePriority() {
        Map<String, Object> headers = new HashMap<>();
        headers.put(DeadLetterHeaders.REASON, "x");
        headers.put(DeadLetterHeaders.WORKER, "w-1");
        headers.put(DeadLetterHeaders.ATTEMPTS, 1);
        headers.put(DeadLetterHeaders.REPLAYS, 1);
        headers.put("x-custom", "kept");
        AMQP.BasicProperties props = Selection.replayProperties(read(headers, ENVELOPE), 1700000010000L);

        assertThat(props.getHeaders()).containsOnly(Map.entry("x-custom", "kept"), Map.entry(DeadLetterHeaders.REPLAYS, 2),
                Map.entry(DeadLetterHeaders.REPLAYED_AT, 1700000010000L));
        assertThat(props.getPriority()).isEqualTo(10);
        assertThat(props.getMessageId()).isEqualTo("1300000000000000001");
        assertThat(props.getType()).isEqualTo("interaction.command.ping");
        assertThat(props.getDeliveryMode()).isEqualTo(2);
    }

    @Test
    void aReplayedDeferredInteractionKeepsItsMarkAndItsLowPriority() {
        AMQP.BasicProperties props = Selection.replayProperties(
                read(Map.of(ConfirmingPublisher.DEFERRED_HEADER, true), ENVELOPE), 1L);

        assertThat(props.getHeaders()).containsEntry(ConfirmingPublisher.DEFERRED_HEADER, true);
        assertThat(props.getPriority()).isEqualTo(ConfirmingPublisher.DEFERRED_PRIORITY);
    }

    private static DeadLetter read(Map<String, Object> headers, String body) {
        return DeadLetter.read(1, new AMQP.BasicProperties.Builder().messageId("1300000000000000001").headers(headers).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
