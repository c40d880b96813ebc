package community.arrakis.gatewayproxy.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(false));
    private final ObjectMapper json = new ObjectMapper();

    private Envelope slashCommand() {
        return factory.create(3, "abcdef0123456789", 42, "INTERACTION_CREATE",
                EnvelopeFixtures.slashCommand("ping"), 1_780_000_000_000L, false).orElseThrow();
    }

    @Test
    void roundTripKeepsEveryField() {
        Envelope original = slashCommand();
        Envelope decoded = codec.decode(codec.encode(original));
        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.data()).containsEntry("commandName", "ping").containsEntry("interactionType", "2");
    }

    @Test
    void roundTripOfAMemberEventWithNullFields() {
        Envelope original = factory.create(0, "s1", 7, "GUILD_MEMBER_ADD", EnvelopeFixtures.memberAdd(), 1L, false)
                .orElseThrow();
        assertThat(codec.decode(codec.encode(original))).isEqualTo(original);
        assertThat(original.interactionToken()).isNull();
    }

    @Test
    void payloadIsForwardedByteForByte() throws Exception {
        Envelope original = slashCommand();
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(original));
        assertThat(json.readTree(original.payload())).isEqualTo(tree.get("payload"));
        assertThat(new String(codec.encode(original), StandardCharsets.UTF_8)).contains(original.payload());
    }

    @Test
    void unknownFieldsAreIgnored() throws Exception {
        Envelope original = slashCommand();
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(original));
        tree.put("addedInAFutureMinorVersion", "whatever");
        tree.putObject("anotherNewBlock").put("x", 1);
        ((ObjectNode) tree.get("data")).put("newDataField", "y");
        Envelope decoded = codec.decode(json.writeValueAsBytes(tree));
        assertThat(decoded.eventId()).isEqualTo(original.eventId());
        assertThat(json.readTree(decoded.payload())).isEqualTo(json.readTree(original.payload()));
    }

    @Test
    void missingRequiredFieldIsNamed() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(slashCommand()));
        tree.remove("eventId");
        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree)))
                .isInstanceOf(InvalidEnvelopeException.class)
                .hasMessage("missing required field 'eventId'");
    }

    @Test
    void wrongTypeIsNamed() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(slashCommand()));
        tree.put("shardId", "three");
        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree)))
                .isInstanceOf(InvalidEnvelopeException.class)
                .hasMessage("field 'shardId' must be an integer, was STRING");
    }

    @Test
    void newerSchemaVersionIsRejectedWithBothVersions() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(slashCommand()));
        tree.put("schemaVersion", 2);
        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree)))
                .isInstanceOf(InvalidEnvelopeException.class)
                .hasMessage("unsupported schemaVersion 2 (this version reads 1)");
    }

    @Test
    void notJsonIsRejectedWithoutEchoingTheInput() {
        assertThatThrownBy(() -> codec.decode("{\"token\":secret".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageStartingWith("envelope is not valid JSON");
        assertThatThrownBy(() -> codec.decode("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("envelope is not a JSON object");
    }

    @Test
    void payloadMustBeAnObject() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(slashCommand()));
        tree.put("payload", "flat");
        assertThatThrownBy(() -> codec.decode(json.writeValueAsBytes(tree)))
                .hasMessage("field 'payload' must be a JSON object");
    }

    @Test
    void toStringNeverShowsTheTokenOrPayload() {
        Envelope envelope = slashCommand();
        assertThat(envelope.toString()).doesNotContain("secret-token-abc").contains("<redacted>");
    }
}
