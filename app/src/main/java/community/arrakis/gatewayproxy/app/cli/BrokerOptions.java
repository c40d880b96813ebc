package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.envelope.topology.GuildPartitions;
import community.arrakis.gatewayproxy.broker.QueueType;
import community.arrakis.gatewayproxy.envelope.topology.Topology;
import picocli.CommandLine.Option;

/** Where RabbitMQ is and which names the topology uses. */
public final class BrokerOptions {

    public static final String DEFAULT_URL = "amqp://guest:guest@127.0.0.1:5672";

    @Option(names = "--rabbitmq-url", defaultValue = "${env:RABBITMQ_URL:-" + DEFAULT_URL + "}",
            showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
            description = "RabbitMQ URL, amqp://user:password@host:port/vhost; a cluster as several such URLs separated by commas,"
                    + " differing only in host and port (env: RABBITMQ_URL; default " + DEFAULT_URL + ").")
    public String url;

    @Option(names = "--topology-prefix", defaultValue = "${env:ARRAKIS_TOPOLOGY_PREFIX:-}",
            description = "Prefix for every exchange and queue name, to run several bots on one broker (env: ARRAKIS_TOPOLOGY_PREFIX; default none).")
    public String topologyPrefix;

    @Option(names = "--guild-partitions", defaultValue = "${env:ARRAKIS_GUILD_PARTITIONS:-" + GuildPartitions.DEFAULT + "}",
            description = "Number of guild partition queues (1.." + GuildPartitions.MAX + "); a guild's events always go to the same one,"
                    + " so up to that many workers share guild events in order. The ingestor and every worker must use the same"
                    + " number: a process that finds more partition queues than this on the broker refuses to start"
                    + " (env: ARRAKIS_GUILD_PARTITIONS; default ${DEFAULT-VALUE}).")
    public int guildPartitions;

    @Option(names = "--message-events", defaultValue = "${env:ARRAKIS_MESSAGE_EVENTS:-false}",
            description = "Forward MESSAGE_CREATE to the guild partitions (env: ARRAKIS_MESSAGE_EVENTS; default ${DEFAULT-VALUE}).")
    public boolean messageEvents;

    @Option(names = "--queue-type", defaultValue = "${env:ARRAKIS_QUEUE_TYPE:-classic}",
            description = "Type of every queue: classic, or quorum (replicated over a cluster; interactions split into two"
                    + " queues by priority class). Every process of a bot must use the same (env: ARRAKIS_QUEUE_TYPE; default ${DEFAULT-VALUE}).")
    public String queueType;

    public QueueType queueType() {
        return QueueType.parse(queueType);
    }

    public Topology topology() {
        return Topology.withPrefix(topologyPrefix == null ? "" : topologyPrefix).withGuildPartitions(guildPartitions);
    }
}
