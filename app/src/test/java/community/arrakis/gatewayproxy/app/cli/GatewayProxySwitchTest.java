package community.arrakis.gatewayproxy.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayProxySwitchTest {

    @Test
    void trueRunsTheProxyPathAndFalseStandalone() {
        GatewayProxySwitch.Choice proxy = GatewayProxySwitch.resolve(null, Map.of("ARRAKIS_USE_GATEWAY_PROXY", "true"));
        GatewayProxySwitch.Choice standalone = GatewayProxySwitch.resolve(null, Map.of("ARRAKIS_USE_GATEWAY_PROXY", "FALSE"));

        assertThat(proxy.useGatewayProxy()).isTrue();
        assertThat(proxy.mode()).isEqualTo("proxy");
        assertThat(proxy.describe()).startsWith("proxy (ARRAKIS_USE_GATEWAY_PROXY=true)");
        assertThat(standalone.useGatewayProxy()).isFalse();
        assertThat(standalone.describe()).startsWith("standalone (ARRAKIS_USE_GATEWAY_PROXY=false)");
    }

    @Test
    void theSeedsVariableIsAcceptedAndUnsetMeansStandalone() {
        assertThat(GatewayProxySwitch.resolve(null, Map.of("USE_GATEWAY_PROXY", "true")))
                .isEqualTo(new GatewayProxySwitch.Choice(true, "USE_GATEWAY_PROXY"));
        assertThat(GatewayProxySwitch.resolve(null, Map.of()).useGatewayProxy()).isFalse();
    }

    @Test
    void theFlagWinsOverTheEnvironment() {
        assertThat(GatewayProxySwitch.resolve("false", Map.of("ARRAKIS_USE_GATEWAY_PROXY", "true")))
                .isEqualTo(new GatewayProxySwitch.Choice(false, "--use-gateway-proxy"));
    }

    @Test
    void theTwoVariablesDisagreeingOrAValueOtherThanTrueOrFalseStopsTheStart() {
        assertThatThrownBy(() -> GatewayProxySwitch.resolve(null,
                Map.of("ARRAKIS_USE_GATEWAY_PROXY", "true", "USE_GATEWAY_PROXY", "false")))
                .hasMessage("ARRAKIS_USE_GATEWAY_PROXY=true and USE_GATEWAY_PROXY=false disagree; set one of them");
        assertThatThrownBy(() -> GatewayProxySwitch.resolve(null, Map.of("USE_GATEWAY_PROXY", "yes")))
                .hasMessage("USE_GATEWAY_PROXY must be true or false, was 'yes'");
    }
}
