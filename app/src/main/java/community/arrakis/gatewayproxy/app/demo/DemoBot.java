package community.arrakis.gatewayproxy.app.demo;

import community.arrakis.gatewayproxy.app.standalone.StandaloneBot;
import community.arrakis.gatewayproxy.ingestor.Ingestor;
import community.arrakis.gatewayproxy.worker.Worker;
import java.util.function.BooleanSupplier;

/** The bot the demo runs, in whichever mode it chose. */
final class DemoBot implements AutoCloseable {

    private final String description;
    private final BooleanSupplier ready;
    private final AutoCloseable[] parts;

    private DemoBot(String description, BooleanSupplier ready, AutoCloseable... parts) {
        this.description = description;
        this.ready = ready;
        this.parts = parts;
    }

    static DemoBot standalone(StandaloneBot bot) {
        return new DemoBot(bot.shards().size() + " shard(s) READY, handlers in-process", bot::isReady, bot);
    }

    /** Closed worker first (it stops consuming), then the ingestor, then the clean-up. */
    static DemoBot proxy(Ingestor ingestor, Worker worker, Runnable cleanUp) {
        return new DemoBot(ingestor.shardCount() + " shard(s) READY in the ingestor, 1 worker consuming",
                () -> ingestor.isReady() && worker.ready(), worker, ingestor, cleanUp::run);
    }

    boolean isReady() {
        return ready.getAsBoolean();
    }

    String description() {
        return description;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable part : parts) {
            part.close();
        }
    }
}
