package community.arrakis.gatewayproxy.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Address;
import org.junit.jupiter.api.Test;

class BrokerConnectionsTest {

    @Test
    void aClusterIsSeveralUrlsSeparatedByCommasEachNodeAnAddressInOrder() {
        assertThat(BrokerConnections.addresses("amqp://bot:pw@node-a:5672, amqp://bot:pw@node-b:5673,amqp://bot:pw@node-c"))
                .containsExactly(new Address("node-a", 5672), new Address("node-b", 5673), new Address("node-c", 5672));
        assertThat(BrokerConnections.addresses("amqps://bot:pw@node-a")).containsExactly(new Address("node-a", 5671));
    }

    @Test
    void nodesThatDifferInAnythingButHostAndPortAreRefusedWithoutShowingThePassword() {
        assertThatThrownBy(() -> BrokerConnections.addresses("amqp://bot:secret1@a:5672,amqp://bot:secret2@b:5672"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only host and port may differ")
                .hasMessageNotContaining("secret1").hasMessageNotContaining("secret2");
        assertThatThrownBy(() -> BrokerConnections.addresses("amqp://bot:pw@a:5672/prod,amqp://bot:pw@b:5672/staging"))
                .hasMessageContaining("virtual host");
        assertThatThrownBy(() -> BrokerConnections.addresses("amqp://bot:pw@a:5672,b:5672"))
                .hasMessageContaining("not a valid amqp:// URL");
    }

    @Test
    void aQueueTypeIsClassicOrQuorum() {
        assertThat(QueueType.parse(" Quorum ")).isEqualTo(QueueType.QUORUM);
        assertThat(QueueType.parse("classic").argument()).isEqualTo("classic");
        assertThatThrownBy(() -> QueueType.parse("stream")).hasMessageContaining("classic or quorum");
    }
}
