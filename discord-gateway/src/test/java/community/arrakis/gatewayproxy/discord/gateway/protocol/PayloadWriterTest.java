package community.arrakis.gatewayproxy.discord.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PayloadWriterTest {

    private final PayloadWriter writer = new PayloadWriter();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void identifyCarriesBareTokenPropertiesIntentsAndShard() throws Exception {
        JsonNode identify = json.readTree(writer.identify("tok\"en", 513, 2, 4));
        assertThat(identify.get("op").asInt()).isEqualTo(2);
        JsonNode d = identify.get("d");
        assertThat(d.get("token").asText()).isEqualTo("tok\"en");
        assertThat(d.get("intents").asInt()).isEqualTo(513);
        assertThat(d.get("shard").get(0).asInt()).isEqualTo(2);
        assertThat(d.get("shard").get(1).asInt()).isEqualTo(4);
        assertThat(d.get("properties").get("browser").asText()).isEqualTo(PayloadWriter.LIBRARY_NAME);
        assertThat(d.get("properties").has("os")).isTrue();
        assertThat(d.get("properties").has("device")).isTrue();
    }

    @Test
    void resumeCarriesSessionAndLastSequence() throws Exception {
        JsonNode resume = json.readTree(writer.resume("t", "sess", 77));
        assertThat(resume.get("op").asInt()).isEqualTo(6);
        assertThat(resume.get("d").get("session_id").asText()).isEqualTo("sess");
        assertThat(resume.get("d").get("seq").asLong()).isEqualTo(77);
        assertThat(resume.get("d").get("token").asText()).isEqualTo("t");
    }

    @Test
    void heartbeatSendsLastSequenceOrNull() {
        assertThat(writer.heartbeat(5)).isEqualTo("{\"op\":1,\"d\":5}");
        assertThat(writer.heartbeat(GatewayFrame.NO_SEQUENCE)).isEqualTo("{\"op\":1,\"d\":null}");
    }
}
