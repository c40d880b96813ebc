package community.arrakis.gatewayproxy.simulator.load;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A load run second by second: what was dispatched in each second of the run and how those events
 * fared (answered, of which deferred, expired, errors, latency).
 *
 * <p>Events are filed under the second they were <em>dispatched</em>, not answered, so a slow
 * second shows where the slow events came in: a worker that starts cold at second 12 shows as high
 * latency in seconds 12, 13, … even though the answers arrive later. Answers come from REST threads
 * while the emitting thread counts sends, hence the atomics; a second's histogram is created on its
 * first answer. Latency is kept with 2 significant digits up to a minute: 30 KB a second at most,
 * enough for a 13-minute run.
 */
public final class LoadTimeline {
    static final long MAX_TRACKED_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final long originNanos;
    private final long originEpochMillis;
    private final AtomicReferenceArray<Second> seconds;

    /** @param capacitySeconds seconds to keep; later events count in the last one */
    LoadTimeline(long originNanos, long originEpochMillis, int capacitySeconds) {
        if (capacitySeconds < 1) {
            throw new IllegalArgumentException("a timeline needs at least one second, was " + capacitySeconds);
        }
        this.originNanos = originNanos;
        this.originEpochMillis = originEpochMillis;
        this.seconds = new AtomicReferenceArray<>(capacitySeconds);
    }

    void sent(long sentNanos) {
        second(sentNanos).sent.incrementAndGet();
    }

    /** An accepted answer; {@code deferred} when it was a defer (a loading state), not the answer itself. */
    void answered(long sentNanos, long latencyNanos, boolean deferred) {
        Second s = second(sentNanos);
        s.latency.recordValue(Math.min(MAX_TRACKED_MICROS, Math.max(0, latencyNanos / 1_000)));
        s.answered.incrementAndGet();
        if (deferred) {
            s.deferred.incrementAndGet();
        }
    }

    void expired(long sentNanos) {
        second(sentNanos).expired.incrementAndGet();
    }

    void errored(long sentNanos) {
        second(sentNanos).errors.incrementAndGet();
    }

    /** The seconds from the first to the last one that saw an event. */
    Snapshot snapshot() {
        List<Entry> entries = new ArrayList<>();
        int last = -1;
        for (int i = 0; i < seconds.length(); i++) {
            if (seconds.get(i) != null) {
                last = i;
            }
        }
        for (int i = 0; i <= last; i++) {
            Second s = seconds.get(i);
            entries.add(s == null
                    ? new Entry(i, 0, 0, 0, 0, 0, new Histogram(MAX_TRACKED_MICROS, 2))
                    : new Entry(i, s.sent.get(), s.answered.get(), s.deferred.get(), s.expired.get(), s.errors.get(),
                    s.latency.copy()));
        }
        return new Snapshot(originEpochMillis, entries);
    }

    private Second second(long atNanos) {
        int index = (int) Math.min(seconds.length() - 1, Math.max(0, (atNanos - originNanos) / 1_000_000_000L));
        Second s = seconds.get(index);
        if (s == null) {
            seconds.compareAndSet(index, null, new Second());
            s = seconds.get(index);
        }
        return s;
    }

    private static final class Second {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong deferred = new AtomicLong();
        final AtomicLong expired = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final Histogram latency = new ConcurrentHistogram(MAX_TRACKED_MICROS, 2);
    }

    /** The run's seconds; {@code startedAtEpochMillis} is the wall-clock time of second 0's start. */
    public record Snapshot(long startedAtEpochMillis, List<Entry> entries) {
        public Snapshot {
            entries = List.copyOf(entries);
        }

        static Snapshot empty() {
            return new Snapshot(0, List.of());
        }

        public long deferred() {
            return entries.stream().mapToLong(Entry::deferred).sum();
        }
    }

    /** One second: events dispatched in it and what became of them; latency in microseconds. */
    public record Entry(int second, long sent, long answered, long deferred, long expired, long errors, Histogram latency) {
        /** The histogram, compressed and base64-encoded, so that a reader can merge seconds into a window. */
        public String encodedLatency() {
            ByteBuffer buffer = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
            int length = latency.encodeIntoCompressedByteBuffer(buffer);
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
        }

        public static Histogram decodeLatency(String encoded) {
            try {
                return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)),
                        0);
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalArgumentException("not an encoded latency histogram", e);
            }
        }
    }
}
