package community.arrakis.gatewayproxy.broker.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import community.arrakis.gatewayproxy.broker.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void reasonMatchesAsASubstringIgnoringCase() {
        DeadLetter letter = letter("member.join", "42", "IllegalStateException: the Spice must flow", Duration.ofMinutes(5));

        assertThat(DeadLetterFilter.all().reason("spice must").matches(letter, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().reason("melange").matches(letter, NOW)).isFalse();
    }

    @Test
    void reasonMatchesAsARegularExpression() {
        DeadLetter letter = letter("member.join", "42", "RetryLaterException: Redis timed out after 2000 ms", Duration.ofMinutes(5));

        assertThat(DeadLetterFilter.all().reason("redis.*\\d+ ms").matches(letter, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().reason("^Redis").matches(letter, NOW)).isFalse();
    }

    @Test
    void reasonThatIsNoValidRegularExpressionIsTakenLiterally() {
        DeadLetter letter = letter("member.join", "42", "IllegalStateException: the spice (must flow", Duration.ofMinutes(5));

        assertThat(DeadLetterFilter.all().reason("spice (must").matches(letter, NOW)).isTrue();
    }

    @Test
    void eventTypeMatchesLikeARoutingKeyBinding() {
        DeadLetter command = letter("interaction.command.ping", "42", "x", Duration.ofMinutes(5));

        assertThat(DeadLetterFilter.all().eventType("interaction.command.ping").matches(command, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().eventType("interaction.#").matches(command, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().eventType("interaction.*.ping").matches(command, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().eventType("interaction.*").matches(command, NOW)).isFalse();
        assertThat(DeadLetterFilter.all().eventType("#").matches(command, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().eventType("member.#").matches(command, NOW)).isFalse();
        assertThat(DeadLetterFilter.all().eventType("interaction.command").matches(command, NOW)).isFalse();
    }

    @Test
    void topicPatternsFollowRabbitMqsRules() {
        assertThat(DeadLetterFilter.topicMatches("member.#", "member")).isTrue();
        assertThat(DeadLetterFilter.topicMatches("#.join", "member.join")).isTrue();
        assertThat(DeadLetterFilter.topicMatches("*.join", "member.join")).isTrue();
        assertThat(DeadLetterFilter.topicMatches("*", "member.join")).isFalse();
        assertThat(DeadLetterFilter.topicMatches("member.*.x.#", "member.a.x")).isTrue();
    }

    @Test
    void guildMatchesExactlyAndADeadLetterWithoutGuildNever() {
        assertThat(DeadLetterFilter.all().guild("42").matches(letter("member.join", "42", "x", Duration.ZERO), NOW)).isTrue();
        assertThat(DeadLetterFilter.all().guild("4").matches(letter("member.join", "42", "x", Duration.ZERO), NOW)).isFalse();
        assertThat(DeadLetterFilter.all().guild("42").matches(letter("member.join", null, "x", Duration.ZERO), NOW)).isFalse();
    }

    @Test
    void agesAreBoundsOnTheTimeSinceDeadLettering() {
        DeadLetter hourOld = letter("member.join", "42", "x", Duration.ofHours(1));

        assertThat(DeadLetterFilter.all().olderThan(Duration.ofMinutes(59)).matches(hourOld, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().olderThan(Duration.ofHours(1)).matches(hourOld, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().olderThan(Duration.ofMinutes(61)).matches(hourOld, NOW)).isFalse();
        assertThat(DeadLetterFilter.all().newerThan(Duration.ofMinutes(61)).matches(hourOld, NOW)).isTrue();
        assertThat(DeadLetterFilter.all().newerThan(Duration.ofHours(1)).matches(hourOld, NOW)).isFalse();
    }

    @Test
    void aDeadLetterOfUnknownAgeMatchesNoAgeButEverythingElse() {
        DeadLetter undated = DeadLetter.read(1, new AMQP.BasicProperties.Builder()
                .headers(Map.of(DeadLetterHeaders.REASON, "invalid dispatch")).build(), "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(undated.since()).isEmpty();
        assertThat(DeadLetterFilter.all().olderThan(Duration.ofSeconds(1)).matches(undated, NOW)).isFalse();
        assertThat(DeadLetterFilter.all().newerThan(Duration.ofDays(365)).matches(undated, NOW)).isFalse();
        assertThat(DeadLetterFilter.all().reason("invalid").matches(undated, NOW)).isTrue();
    }

    @Test
    void everyCriterionMustHold() {
        DeadLetter letter = letter("member.join", "42", "the spice", Duration.ofHours(2));
        DeadLetterFilter filter = DeadLetterFilter.all().reason("spice").eventType("member.*").guild("42")
                .olderThan(Duration.ofHours(1));

        assertThat(filter.matches(letter, NOW)).isTrue();
        assertThat(filter.guild("43").matches(letter, NOW)).isFalse();
        assertThat(filter.position(1).matches(letter, NOW)).isTrue();
        assertThat(filter.position(2).matches(letter, NOW)).isFalse();
        assertThat(filter.eventId("0:s:1").matches(letter, NOW)).isTrue();
        assertThat(filter.describe()).isEqualTo("reason ~ \"spice\", event type member.*, guild 42, older than PT1H");
        assertThat(DeadLetterFilter.all().describe()).isEqualTo("all");
        assertThat(DeadLetterFilter.all().selectsAll()).isTrue();
        assertThat(filter.selectsAll()).isFalse();
    }

    @Test
    void badCriteriaAreRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> DeadLetterFilter.all().guild("arrakis"))
                .hasMessage("a guild id is a number of up to 20 digits, not 'arrakis'");
        assertThatThrownBy(() -> DeadLetterFilter.all().olderThan(Duration.ofHours(2)).newerThan(Duration.ofHours(1)))
                .hasMessage("older than PT2H and newer than PT1H select nothing: the first must be the shorter");
        assertThatThrownBy(() -> DeadLetterFilter.all().olderThan(Duration.ZERO))
                .hasMessage("older than must be a positive duration, was PT0S");
        assertThatThrownBy(() -> DeadLetterFilter.all().eventType("member join"))
                .hasMessageContaining("not 'member join'");
        assertThatThrownBy(() -> DeadLetterFilter.all().reason(" ")).hasMessage("a reason to match must not be empty");
        assertThatThrownBy(() -> DeadLetterFilter.all().position(0)).hasMessage("positions start at 1, not 0");
    }

    /** A worker's dead letter of an envelope of {@code type} in {@code guild}, dead-lettered {@code age} ago. */
    private static DeadLetter letter(String type, String guild, String reason, Duration age) {
        String body = """
                {"schemaVersion":1,"eventId":"0:s:1","eventType":"%s","dispatchType":"GUILD_MEMBER_ADD","timestamp":1,
                 "shardId":0,"sessionId":"s","sequence":1,"receivedAt":1,"guildId":%s,"priority":5,"data":{},"payload":{}}
                """.formatted(type, guild == null ? "null" : "\"" + guild + "\"");
        Map<String, Object> headers = new HashMap<>();
        headers.put(DeadLetterHeaders.REASON, reason);
        headers.put(DeadLetterHeaders.DEAD_LETTERED_AT, NOW.minus(age).toEpochMilli());
        return DeadLetter.read(1, new AMQP.BasicProperties.Builder().headers(headers).build(),
                body.getBytes(StandardCharsets.UTF_8));
    }
}
