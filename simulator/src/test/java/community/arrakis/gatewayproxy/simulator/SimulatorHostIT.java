package community.arrakis.gatewayproxy.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * A simulator given a host binds to that address only and hands out gateway URLs naming it, which
 * is what lets a bot in another container reach it (deploy/compose.yaml binds it to its service name).
 */
class SimulatorHostIT {

    /** Another loopback address: Linux answers on all of 127/8, and the default 127.0.0.1 is not it. */
    private static final String HOST = "127.0.0.2";

    @Test
    void bindsTheGivenHostAndNamesItInTheGatewayUrls() throws Exception {
        try (DiscordSimulator simulator = DiscordSimulator.start(SimulatorConfig.defaults().withHost(HOST).withPort(0))) {
            HttpResponse<String> response = RestTestClient.bot(simulator).get("/gateway/bot");

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = GatewayTestClient.MAPPER.readTree(response.body());
            assertThat(body.path("url").asText()).startsWith("ws://" + HOST + ":" + simulator.port() + "/");
            assertThat(simulator.apiBaseUrl().getHost()).isEqualTo(HOST);
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", simulator.port()), 2_000);
                }
            }).as("nothing listens on the default address").isInstanceOf(IOException.class);
        }
    }

    @Test
    void refusesABlankHostNamingTheOption() {
        assertThatThrownBy(() -> SimulatorConfig.defaults().withHost(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host");
    }
}
