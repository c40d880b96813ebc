package community.arrakis.gatewayproxy.ingestor;

import community.arrakis.gatewayproxy.simulator.DiscordSimulator;
import community.arrakis.gatewayproxy.simulator.Guild;
import community.arrakis.gatewayproxy.simulator.Member;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady traffic from the simulator: in turn a slash command, a member join and that member's
 * leave, round-robin over the world's guilds (so over every shard), at a fixed rate. Paced by
 * schedule: at any instant {@code rate * elapsed} events have been emitted, so a hiccup is caught up
 * in a burst. Joins and leaves pair up so the world does not grow however long it runs.
 */
final class SimulatedTraffic implements AutoCloseable {

    private final DiscordSimulator discord;
    private final List<Guild> guilds;
    private final AtomicLong emitted = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private long next;

    private SimulatedTraffic(DiscordSimulator discord, int perSecond) {
        this.discord = discord;
        this.guilds = discord.world().guilds();
        this.thread = Thread.ofPlatform().name("simulated-traffic").daemon().start(() -> run(perSecond));
    }

    static SimulatedTraffic start(DiscordSimulator discord, int perSecond) {
        return new SimulatedTraffic(discord, perSecond);
    }

    /** Emits {@code count} events at once on the calling thread. */
    static void burst(DiscordSimulator discord, int count) {
        SimulatedTraffic once = new SimulatedTraffic(discord);
        for (int i = 0; i < count; i++) {
            once.emitOne();
        }
    }

    private SimulatedTraffic(DiscordSimulator discord) {
        this.discord = discord;
        this.guilds = discord.world().guilds();
        this.thread = null;
    }

    long emitted() {
        return emitted.get();
    }

    private void run(int perSecond) {
        long start = System.nanoTime();
        while (running) {
            long due = (long) (perSecond * ((System.nanoTime() - start) / 1e9));
            while (emitted.get() < due && running) {
                emitOne();
            }
            LockSupport.parkNanos(500_000); // pacing the load, not synchronising
        }
    }

    private void emitOne() {
        long n = next++;
        Guild guild = guilds.get((int) ((n / 3) % guilds.size()));
        String joiner = Long.toString(9_000_000_000L + n / 3);
        switch ((int) (n % 3)) {
            case 0 -> {
                Member member = guild.members().stream().filter(m -> !m.user().bot()).findFirst().orElseThrow();
                discord.emitSlashCommand(guild.id(), member.user().id(), "ping");
            }
            case 1 -> discord.emitMemberAdd(guild.id(), joiner);
            default -> discord.emitMemberRemove(guild.id(), joiner);
        }
        emitted.incrementAndGet();
    }

    /** Stops emitting and waits for the emitting thread, so nothing is emitted after this returns. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join();
        }
    }
}
