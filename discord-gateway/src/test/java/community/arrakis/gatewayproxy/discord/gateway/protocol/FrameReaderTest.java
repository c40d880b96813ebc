package community.arrakis.gatewayproxy.discord.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameReaderTest {

    private final FrameReader reader = new FrameReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void slicesDispatchDataExactlyAsSentWhateverTheFieldOrder() throws Exception {
        String d = "{\"id\":\"1\",\"content\":\"h\\u00e9llo \\\"x\\\" ✓\",\"nested\":{\"a\":[1,2,{\"b\":null}]},\"n\":1.50}";
        String discordOrder = "{\"t\":\"MESSAGE_CREATE\",\"s\":42,\"op\":0,\"d\":" + d + "}";
        String opFirst = "{\"op\":0,\"d\":" + d + ",\"s\":42,\"t\":\"MESSAGE_CREATE\"}";
        for (String json : new String[] {discordOrder, opFirst}) {
            GatewayFrame frame = reader.read(utf8(json));
            assertThat(frame.opcode()).isEqualTo(Opcode.DISPATCH);
            assertThat(frame.sequence()).isEqualTo(42);
            assertThat(frame.type()).isEqualTo("MESSAGE_CREATE");
            assertThat(new String(frame.data(), StandardCharsets.UTF_8)).isEqualTo(d);
        }
    }

    @Test
    void readsNullSequenceAndTypeOnNonDispatchFrames() throws Exception {
        GatewayFrame frame = reader.read(utf8("{\"t\":null,\"s\":null,\"op\":11,\"d\":null}"));
        assertThat(frame.opcode()).isEqualTo(Opcode.HEARTBEAT_ACK);
        assertThat(frame.hasSequence()).isFalse();
        assertThat(frame.type()).isNull();
        assertThat(frame.dataKind()).isEqualTo(GatewayFrame.DataKind.NULL);
    }

    @Test
    void acceptsAnAckWithoutData() throws Exception {
        GatewayFrame frame = reader.read(utf8("{\"op\":11}"));
        assertThat(frame.opcode()).isEqualTo(Opcode.HEARTBEAT_ACK);
        assertThat(frame.dataKind()).isEqualTo(GatewayFrame.DataKind.ABSENT);
    }

    @Test
    void readsInvalidSessionBoolean() throws Exception {
        assertThat(reader.read(utf8("{\"op\":9,\"d\":true}")).dataKind()).isEqualTo(GatewayFrame.DataKind.TRUE);
        assertThat(reader.read(utf8("{\"d\":false,\"op\":9}")).dataKind()).isEqualTo(GatewayFrame.DataKind.FALSE);
    }

    @Test
    void readsHeartbeatIntervalIgnoringTrace() throws Exception {
        GatewayFrame hello = reader.read(utf8(
                "{\"t\":null,\"s\":null,\"op\":10,\"d\":{\"_trace\":[\"[\\\"gateway-prd\\\"]\"],\"heartbeat_interval\":41250}}"));
        assertThat(reader.heartbeatInterval(hello)).isEqualTo(41250);
    }

    @Test
    void readsReadySessionResumeUrlAndGuildIds() throws Exception {
        GatewayFrame ready = reader.read(utf8("{\"op\":0,\"s\":1,\"t\":\"READY\",\"d\":{\"v\":10,"
                + "\"user\":{\"id\":\"9\",\"username\":\"bot\"},"
                + "\"guilds\":[{\"id\":\"100\",\"unavailable\":true},{\"unavailable\":true,\"id\":\"200\"}],"
                + "\"session_id\":\"abc\",\"resume_gateway_url\":\"wss://resume.example\",\"private_channels\":[]}}"));
        ReadyInfo info = reader.ready(ready);
        assertThat(info.sessionId()).isEqualTo("abc");
        assertThat(info.resumeGatewayUrl()).isEqualTo("wss://resume.example");
        assertThat(info.guildIds()).containsExactlyInAnyOrder("100", "200");
    }

    @Test
    void findsTheTopLevelIdAfterNestedIds() throws Exception {
        GatewayFrame create = reader.read(utf8("{\"op\":0,\"s\":3,\"t\":\"GUILD_CREATE\",\"d\":{"
                + "\"members\":[{\"user\":{\"id\":\"5\"}}],\"roles\":[{\"id\":\"6\"}],\"id\":\"100\"}}"));
        assertThat(reader.dataId(create)).isEqualTo("100");
    }

    @Test
    void rejectsPayloadsWithoutOpcode() {
        assertThatThrownBy(() -> reader.read(utf8("{\"d\":{}}"))).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("op");
        assertThatThrownBy(() -> reader.read(utf8("{\"op\":0,"))).isInstanceOf(MalformedFrameException.class);
        assertThatThrownBy(() -> reader.read(utf8("[1]"))).isInstanceOf(MalformedFrameException.class);
    }
}
