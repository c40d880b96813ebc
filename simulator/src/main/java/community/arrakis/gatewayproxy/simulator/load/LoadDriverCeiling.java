package community.arrakis.gatewayproxy.simulator.load;

import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.RateLimitConfig;
import community.arrakis.gatewayproxy.simulator.SimulatorConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures how many dispatches per second the simulator pushes to a bot that only reads
 * ({@link NullBot}): the load driver emits at a fixed rate and the bot counts what arrives.
 *
 * <pre>java -cp ... community.arrakis.gatewayproxy.simulator.load.LoadDriverCeiling [rate] [seconds]</pre>
 */
public final class LoadDriverCeiling {
    private LoadDriverCeiling() {
    }

    /** What one measurement found: the emit rate achieved and the rate at which the bot received. */
    public record Result(long emitted, long received, double emitSeconds, double receiveSeconds) {
        public double emittedPerSecond() {
            return emitted / emitSeconds;
        }

        /** Everything the bot received, over the time from the start of emitting to the last receipt. */
        public double receivedPerSecond() {
            return received / Math.max(emitSeconds, receiveSeconds);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "emitted %d in %.2f s (%.0f/s); null bot received %d (%.0f/s)",
                    emitted, emitSeconds, emittedPerSecond(), received, receivedPerSecond());
        }
    }

    public static Result measure(int ratePerSecond, Duration duration) {
        SimulatorConfig config = SimulatorConfig.defaults().withRecordDispatches(false)
                .withRateLimits(RateLimitConfig.disabled()).withReplayBufferSize(1_000);
        try (DiscordSimulator simulator = DiscordSimulator.start(config);
             NullBot bot = NullBot.connect(simulator.gatewayUrl(), config.botToken())) {
            long guildCreates = simulator.world().guilds().size();
            waitFor(() -> bot.dispatches() >= 1 + guildCreates, Duration.ofSeconds(10));
            bot.resetCounters();
            LoadReport report = new LoadDriver(simulator).run(LoadProfile.constant(ratePerSecond, duration),
                    Duration.ZERO);
            long delivered = report.sent() - report.undelivered();
            waitFor(() -> bot.dispatches() >= delivered, Duration.ofSeconds(30));
            return new Result(report.sent(), bot.dispatches(), report.seconds(), bot.receivingSeconds());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    public static void main(String[] args) {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 25_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        measure(Math.min(rate, 2_000), Duration.ofSeconds(2));
        Result result = measure(rate, Duration.ofSeconds(seconds));
        System.out.println(result);
    }
}
