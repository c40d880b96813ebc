package community.arrakis.gatewayproxy.simulator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientFrameDecoderTest {
    private static ClientFrame decode(String text) {
        return ClientFrameDecoder.decode(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void decodesIdentifyWithShard() {
        ClientFrame frame = decode("{\"op\":2,\"d\":{\"token\":\"abc\",\"intents\":513,\"shard\":[1,4],"
                + "\"properties\":{\"os\":\"l\",\"browser\":\"b\",\"device\":\"d\"}}}");

        assertThat(frame).isEqualTo(new ClientFrame.Identify(new IdentifyRequest("abc", 1, 4, true, 513)));
    }

    @Test
    void identifyWithoutIntentsIsAnInvalidPayload() {
        assertThat(decode("{\"op\":2,\"d\":{\"token\":\"abc\",\"properties\":{}}}"))
                .isEqualTo(new ClientFrame.InvalidPayload(2));
    }

    @Test
    void serverOnlyAndUnknownOpcodesAreUnknown() {
        assertThat(decode("{\"op\":11,\"d\":null}")).isEqualTo(new ClientFrame.UnknownOpcode(11));
        assertThat(decode("{\"op\":5,\"d\":null}")).isEqualTo(new ClientFrame.UnknownOpcode(5));
    }

    @Test
    void payloadsOver4096BytesAndNonJsonAreUndecodable() {
        assertThat(decode("{\"op\":3,\"d\":\"" + "x".repeat(4100) + "\"}")).isInstanceOf(ClientFrame.Undecodable.class);
        assertThat(decode("not json")).isInstanceOf(ClientFrame.Undecodable.class);
    }

    @Test
    void heartbeatCarriesTheLastSequenceOrNull() {
        assertThat(decode("{\"op\":1,\"d\":42}")).isEqualTo(new ClientFrame.Heartbeat(42L));
        assertThat(decode("{\"op\":1,\"d\":null}")).isEqualTo(new ClientFrame.Heartbeat(null));
    }
}
