package community.arrakis.gatewayproxy.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeFactoryTest {

    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(false));

    @Test
    void interactionEnvelopeCarriesItsIdsTokenAndSnowflakeTime() {
        Envelope e = factory.create(1, "sess", 10, "INTERACTION_CREATE",
                EnvelopeFixtures.slashCommand("Ping"), 5L, false).orElseThrow();
        assertThat(e.eventId()).isEqualTo(EnvelopeFixtures.INTERACTION_ID);
        assertThat(e.eventType()).isEqualTo("interaction.command.ping");
        assertThat(e.priority()).isEqualTo(10);
        assertThat(e.interactionId()).isEqualTo(EnvelopeFixtures.INTERACTION_ID);
        assertThat(e.interactionToken()).isEqualTo("secret-token-abc");
        assertThat(e.applicationId()).isEqualTo("1100000000000000000");
        assertThat(e.guildId()).isEqualTo("41771983444115456");
        assertThat(e.channelId()).isEqualTo("41771983444115457");
        assertThat(e.userId()).isEqualTo("80351110224678912");
        assertThat(e.timestamp()).isEqualTo(Snowflakes.timestampMillis(EnvelopeFixtures.INTERACTION_ID));
        assertThat(e.receivedAt()).isEqualTo(5L);
        assertThat(e.traceId()).matches("[0-9a-f]{32}");
        assertThat(e.shardId()).isEqualTo(1);
        assertThat(e.sequence()).isEqualTo(10);
    }

    @Test
    void replayedDispatchGetsTheSameEventId() {
        Envelope first = factory.create(2, "sess", 77, "GUILD_MEMBER_ADD", EnvelopeFixtures.memberAdd(), 1L, false).orElseThrow();
        Envelope replay = factory.create(2, "sess", 77, "GUILD_MEMBER_ADD", EnvelopeFixtures.memberAdd(), 9L, false).orElseThrow();
        assertThat(replay.eventId()).isEqualTo(first.eventId()).isEqualTo("2:sess:77");
        assertThat(first.guildId()).isEqualTo("41771983444115456");
        assertThat(first.userId()).isEqualTo("80351110224678912");
        assertThat(first.data()).isEmpty();
    }

    @Test
    void guildEventsTakeTheGuildIdFromId() {
        byte[] create = "{\"id\":\"41771983444115456\",\"name\":\"g\",\"members\":[{\"user\":{\"id\":\"1\"}}]}"
                .getBytes(StandardCharsets.UTF_8);
        Envelope e = factory.create(0, "s", 3, "GUILD_CREATE", create, 1L, true).orElseThrow();
        assertThat(e.guildId()).isEqualTo("41771983444115456");
        assertThat(e.eventType()).isEqualTo("guild.available");
        assertThat(e.userId()).isNull();
    }

    @Test
    void unroutedDispatchesProduceNothing() {
        assertThat(factory.create(0, "s", 1, "TYPING_START", "{}".getBytes(StandardCharsets.UTF_8), 1L, false)).isEmpty();
        assertThat(factory.create(0, "s", 1, "MESSAGE_CREATE", "{\"id\":\"1\"}".getBytes(StandardCharsets.UTF_8), 1L, false))
                .as("message events are off by default").isEmpty();
    }

    @Test
    void malformedDataIsRejectedWithAReason() {
        assertThatThrownBy(() -> factory.create(0, "s", 1, "GUILD_MEMBER_ADD",
                "{\"guild_id\":".getBytes(StandardCharsets.UTF_8), 1L, false))
                .isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageStartingWith("dispatch data is not valid JSON");
        assertThatThrownBy(() -> factory.create(0, "s", 1, "INTERACTION_CREATE",
                "{\"type\":2}".getBytes(StandardCharsets.UTF_8), 1L, false))
                .hasMessage("INTERACTION_CREATE without an id");
    }

    @Test
    void hugeUnrelatedArraysAreSkippedNotCaptured() {
        StringBuilder members = new StringBuilder("{\"guild_id\":\"5\",\"members\":[");
        for (int i = 0; i < 10_000; i++) {
            members.append(i == 0 ? "" : ",").append("{\"user\":{\"id\":\"").append(i).append("\"}}");
        }
        members.append("],\"user\":{\"id\":\"42\"}}");
        DispatchFields fields = DispatchFields.read(members.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(fields.userId()).isEqualTo("42");
        assertThat(fields.apply("guild_id")).isEqualTo("5");
    }
}
