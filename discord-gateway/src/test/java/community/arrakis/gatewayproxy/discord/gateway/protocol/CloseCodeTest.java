package community.arrakis.gatewayproxy.discord.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseCodeTest {

    @ParameterizedTest(name = "close {0} -> {1}")
    @CsvSource({
            "1000, RESUME", "1001, RESUME", "1006, RESUME", "-1, RESUME", "4999, RESUME",
            "4000, RESUME", "4001, RESUME", "4002, RESUME", "4005, RESUME", "4008, RESUME",
            "4003, NEW_SESSION", "4007, NEW_SESSION", "4009, NEW_SESSION",
            "4004, STOP", "4010, STOP", "4011, STOP", "4012, STOP", "4013, STOP", "4014, STOP"})
    void mapsEachCloseCodeToItsRecovery(int code, Recovery expected) {
        assertThat(CloseCode.recoveryFor(code)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"4004, 4004 authentication failed", "4321, 4321 (unknown close code)"})
    void describesCodesInPlainWords(int code, String prefix) {
        assertThat(CloseCode.describe(code)).startsWith(prefix);
    }
}
