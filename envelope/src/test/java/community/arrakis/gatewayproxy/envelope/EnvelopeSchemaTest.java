package community.arrakis.gatewayproxy.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import community.arrakis.gatewayproxy.envelope.routing.RoutingTable;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The JSON Schema in the repository describes what the codec really writes. */
class EnvelopeSchemaTest {

    private final ObjectMapper json = new ObjectMapper();
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final EnvelopeFactory factory = new EnvelopeFactory(new RoutingTable(false));

    private JsonSchema schema() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/schema/envelope-v1.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void encodedEnvelopesValidate() throws Exception {
        JsonSchema schema = schema();
        Envelope interaction = factory.create(0, "s", 1, "INTERACTION_CREATE",
                EnvelopeFixtures.slashCommand("ping"), 1L, false).orElseThrow();
        Envelope member = factory.create(0, "s", 2, "GUILD_MEMBER_ADD", EnvelopeFixtures.memberAdd(), 1L, false)
                .orElseThrow();
        assertThat(schema.validate(json.readTree(codec.encode(interaction)))).isEmpty();
        assertThat(schema.validate(json.readTree(codec.encode(member)))).isEmpty();
    }

    @Test
    void schemaRejectsWhatTheCodecRejects() throws Exception {
        ObjectNode tree = (ObjectNode) json.readTree(codec.encode(factory.create(0, "s", 2, "GUILD_MEMBER_ADD",
                EnvelopeFixtures.memberAdd(), 1L, false).orElseThrow()));
        tree.remove("eventId");
        tree.put("priority", 11);
        assertThat(schema().validate(tree)).hasSize(2);
    }
}
