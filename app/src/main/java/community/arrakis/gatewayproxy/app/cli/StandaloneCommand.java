package community.arrakis.gatewayproxy.app.cli;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.worker.examples.BuiltInHandlers;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code standalone}: the whole bot in one process, no RabbitMQ, no Redis. */
@Command(name = "standalone", mixinStandardHelpOptions = true, abbreviateSynopsis = true,
        header = "Run the whole bot in one process, without RabbitMQ or Redis.",
        description = {"Runs the gateway sessions and the same handlers a worker runs, joined by an in-process "
                + "queue, with in-memory state. For small bots and first runs; move to ingestor + worker when "
                + "you need durability or more than one process."})
public final class StandaloneCommand implements Callable<Integer> {

    @Mixin
    DiscordOptions discord;

    @Mixin
    HandlerOptions handlers;

    @Mixin
    GatewayOptions gateway;

    @Option(names = "--message-events", defaultValue = "${env:ARRAKIS_MESSAGE_EVENTS:-false}",
            description = "Handle MESSAGE_CREATE too (env: ARRAKIS_MESSAGE_EVENTS; default ${DEFAULT-VALUE}).")
    boolean messageEvents;

    @Override
    public Integer call() throws Exception {
        String roleId = handlers.joinRoleId();
        StandaloneBot bot = StandaloneBot.start(discord.apiUrl, discord.requireToken("standalone mode"),
                gateway.intents, gateway.compression, messageEvents, BuiltInHandlers.create(roleId), handlers.concurrency);
        UntilShutdown untilShutdown = new UntilShutdown("standalone bot", bot);
        System.out.println("standalone bot running " + bot.shards().size() + " shard(s); Ctrl-C to stop");
        untilShutdown.await();
        return 0;
    }
}
