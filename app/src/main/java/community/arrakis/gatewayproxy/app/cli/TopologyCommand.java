package community.arrakis.gatewayproxy.app.cli;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import community.arrakis.gatewayproxy.broker.BrokerConnections;
import community.arrakis.gatewayproxy.broker.TopologyDeclarer;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code topology declare|verify|delete}: manage the RabbitMQ objects the proxy uses. */
@Command(name = "topology", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Declare, verify or delete the RabbitMQ exchanges and queues.",
        description = {"Manages the RabbitMQ topology (exchanges, queues, bindings):",
                "declare: create what is missing (idempotent); fails if an object exists with other arguments.",
                "verify:  list every difference between the broker and the expected topology; exit 1 if any.",
                "delete:  remove every object of the topology, with the messages in its queues."})
public final class TopologyCommand implements Callable<Integer> {

    enum Action { declare, verify, delete }

    @Parameters(index = "0", description = "declare, verify or delete")
    Action action;

    @Mixin
    BrokerOptions broker;

    @Override
    public Integer call() throws Exception {
        TopologyDeclarer declarer = new TopologyDeclarer(broker.topology(), broker.queueType());
        try (Connection connection = BrokerConnections.connect(broker.url, "arrakis-topology")) {
            switch (action) {
                case declare -> {
                    try (Channel channel = connection.createChannel()) {
                        declarer.declare(channel);
                    }
                    System.out.println("declared: exchanges " + broker.topology().exchanges()
                            + ", queues " + declarer.queues());
                    return report(declarer.verify(connection));
                }
                case verify -> {
                    return report(declarer.verify(connection));
                }
                case delete -> {
                    declarer.delete(connection);
                    System.out.println("deleted: exchanges " + broker.topology().exchanges()
                            + ", queues " + declarer.queues());
                    return 0;
                }
                default -> throw new IllegalStateException(action.name());
            }
        }
    }

    private static int report(List<String> problems) {
        if (problems.isEmpty()) {
            System.out.println("topology OK");
            return 0;
        }
        problems.forEach(problem -> System.out.println("topology problem: " + problem));
        return 1;
    }
}
