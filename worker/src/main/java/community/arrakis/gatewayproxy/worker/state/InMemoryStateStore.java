package community.arrakis.gatewayproxy.worker.state;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link StateStore} and {@link EventLedger} in one process's memory, for standalone mode and
 * tests. Entries expire lazily on read; every 1,024th write sweeps expired entries, so memory stays
 * bounded by what is live even for keys nobody reads again.
 */
public final class InMemoryStateStore implements StateStore, EventLedger {

    private static final int SWEEP_EVERY = 1024;
    private static final String DONE = "done";

    private record Entry(String value, long expiresAtMillis) {
    }

    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger writes = new AtomicInteger();

    public InMemoryStateStore(Clock clock) {
        this.clock = clock;
    }

    public InMemoryStateStore() {
        this(Clock.systemUTC());
    }

    @Override
    public Optional<Duration> tryCooldown(String command, String userId, Duration length) {
        long now = clock.millis();
        boolean[] started = new boolean[1];
        Entry result = entries.compute(cooldownKey(command, userId), (k, e) -> {
            if (e != null && e.expiresAtMillis() > now) {
                return e;
            }
            started[0] = true;
            return new Entry("1", now + length.toMillis());
        });
        countWrite();
        return started[0] ? Optional.empty() : Optional.of(Duration.ofMillis(result.expiresAtMillis() - now));
    }

    @Override
    public Optional<Duration> cooldownRemaining(String command, String userId) {
        return live(cooldownKey(command, userId)).map(e -> Duration.ofMillis(e.expiresAtMillis() - clock.millis()));
    }

    @Override
    public void clearCooldown(String command, String userId) {
        entries.remove(cooldownKey(command, userId));
    }

    @Override
    public void putSession(String type, String userId, String value, Duration ttl) {
        entries.put(sessionKey(type, userId), new Entry(value, clock.millis() + ttl.toMillis()));
        countWrite();
    }

    @Override
    public Optional<String> session(String type, String userId) {
        return live(sessionKey(type, userId)).map(Entry::value);
    }

    @Override
    public void deleteSession(String type, String userId) {
        entries.remove(sessionKey(type, userId));
    }

    /** In one process the owner is always alive, so a running event is simply in progress. */
    @Override
    public ClaimResult claim(String eventId, String owner) {
        long now = clock.millis();
        String claimed = "p:" + owner;
        Entry[] before = new Entry[1];
        entries.compute("evt:" + eventId, (k, e) -> {
            before[0] = e != null && e.expiresAtMillis() > now ? e : null;
            return before[0] != null ? e : new Entry(claimed, Long.MAX_VALUE);
        });
        countWrite();
        if (before[0] == null) {
            return ClaimResult.CLAIMED;
        }
        return before[0].value().equals(DONE) ? ClaimResult.ALREADY_DONE : ClaimResult.IN_PROGRESS;
    }

    @Override
    public void complete(String eventId, Duration retention) {
        entries.put("evt:" + eventId, new Entry(DONE, clock.millis() + retention.toMillis()));
    }

    @Override
    public void release(String eventId, String owner) {
        entries.computeIfPresent("evt:" + eventId, (k, e) -> e.value().equals("p:" + owner) ? null : e);
    }

    @Override
    public void heartbeat(String owner, Duration ttl) {
        // one process: nobody else needs to know we are alive
    }

    /** Live entries, for tests that check memory stays bounded. */
    public int size() {
        long now = clock.millis();
        return (int) entries.values().stream().filter(e -> e.expiresAtMillis() > now).count();
    }

    private Optional<Entry> live(String key) {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.expiresAtMillis() <= clock.millis()) {
            entries.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e);
    }

    private void countWrite() {
        if (writes.incrementAndGet() % SWEEP_EVERY == 0) {
            long now = clock.millis();
            entries.values().removeIf(e -> e.expiresAtMillis() <= now);
        }
    }

    private static String cooldownKey(String command, String userId) {
        return "cd:" + command + ":" + userId;
    }

    private static String sessionKey(String type, String userId) {
        return "sess:" + type + ":" + userId;
    }
}
