package community.arrakis.gatewayproxy.worker.migration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares what the live bot wrote to Discord with what the shadow would have written, event by
 * event. An event's writes match when both sides made the same writes (method, route template,
 * normalised body), in any order; it is missing on a side that wrote nothing for it while the other
 * did; otherwise it differs, and the first examples keep a readable diff. Events whose last write is
 * younger than the settle time are left out: the other side may still be working on them.
 */
public final class ShadowComparison {

    private ShadowComparison() {
    }

    /** One event type's counts and each side's latency (gateway delivery → last write), in ms. */
    public record TypeRow(String eventType, long matched, long missingInShadow, long missingInLive, long different,
                          Latency live, Latency shadow) {

        public long compared() {
            return matched + missingInShadow + missingInLive + different;
        }
    }

    public record Latency(long count, long p50, long p95, long max) {

        static Latency of(List<Long> values) {
            if (values.isEmpty()) {
                return new Latency(0, 0, 0, 0);
            }
            List<Long> sorted = values.stream().sorted().toList();
            return new Latency(sorted.size(), percentile(sorted, 50), percentile(sorted, 95), sorted.getLast());
        }

        private static long percentile(List<Long> sorted, double p) {
            int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }

    /** A differing or missing event: what each side wrote that the other did not. */
    public record Example(String eventType, String eventKey, String verdict, List<String> onlyLive, List<String> onlyShadow) {

        public String toText() {
            StringBuilder out = new StringBuilder(eventType + " " + eventKey + ": " + verdict + "\n");
            onlyLive.forEach(w -> out.append("  - live:   ").append(w).append('\n'));
            onlyShadow.forEach(w -> out.append("  + shadow: ").append(w).append('\n'));
            return out.toString();
        }
    }

    public record Report(List<TypeRow> rows, List<Example> examples, long pending) {

        public long matched() {
            return rows.stream().mapToLong(TypeRow::matched).sum();
        }

        public long missingInShadow() {
            return rows.stream().mapToLong(TypeRow::missingInShadow).sum();
        }

        public long missingInLive() {
            return rows.stream().mapToLong(TypeRow::missingInLive).sum();
        }

        public long different() {
            return rows.stream().mapToLong(TypeRow::different).sum();
        }

        public long compared() {
            return rows.stream().mapToLong(TypeRow::compared).sum();
        }

        /** Every compared event matched. */
        public boolean clean() {
            return missingInShadow() + missingInLive() + different() == 0;
        }

        public String toTable() {
            StringBuilder out = new StringBuilder();
            out.append(String.format("%-32s %8s %10s %10s %9s   %-22s %-22s%n", "event type", "matched", "no shadow",
                    "no live", "differ", "live ms p50/p95/max", "shadow ms p50/p95/max"));
            for (TypeRow r : rows) {
                out.append(String.format("%-32s %8d %10d %10d %9d   %-22s %-22s%n", r.eventType(), r.matched(),
                        r.missingInShadow(), r.missingInLive(), r.different(), latency(r.live()), latency(r.shadow())));
            }
            out.append(String.format("%-32s %8d %10d %10d %9d%n", "total", matched(), missingInShadow(), missingInLive(),
                    different()));
            if (pending > 0) {
                out.append(pending).append(" event(s) younger than the settle time not compared yet\n");
            }
            if (!examples.isEmpty()) {
                out.append("\nfirst differences:\n");
                examples.forEach(e -> out.append(e.toText()));
            }
            return out.toString();
        }

        private static String latency(Latency l) {
            return l.count() == 0 ? "-" : l.p50() + "/" + l.p95() + "/" + l.max();
        }
    }

    /**
     * @param settledBefore epoch ms: events with a write at or after it are not compared yet
     * @param maxExamples   how many differing or missing events to show in full
     */
    public static Report compare(Collection<WriteRecord> live, Collection<WriteRecord> shadow, long settledBefore,
                                 int maxExamples) {
        Map<String, List<WriteRecord>> liveByKey = byKey(live);
        Map<String, List<WriteRecord>> shadowByKey = byKey(shadow);
        Map<String, Counts> byType = new TreeMap<>();
        List<Example> examples = new ArrayList<>();
        long pending = 0;
        java.util.Set<String> keys = new java.util.TreeSet<>(liveByKey.keySet());
        keys.addAll(shadowByKey.keySet());
        for (String key : keys) {
            List<WriteRecord> l = liveByKey.getOrDefault(key, List.of());
            List<WriteRecord> s = shadowByKey.getOrDefault(key, List.of());
            if (latest(l) >= settledBefore || latest(s) >= settledBefore) {
                pending++;
                continue;
            }
            String type = typeOf(l, s);
            Counts counts = byType.computeIfAbsent(type, t -> new Counts());
            if (!l.isEmpty()) {
                counts.live.add(l.stream().mapToLong(WriteRecord::sinceEventMillis).max().orElse(0));
            }
            if (!s.isEmpty()) {
                counts.shadow.add(s.stream().mapToLong(WriteRecord::sinceEventMillis).max().orElse(0));
            }
            List<String> onlyLive = minus(l, s);
            List<String> onlyShadow = minus(s, l);
            String verdict;
            if (s.isEmpty()) {
                counts.missingInShadow++;
                verdict = "missing in the shadow";
            } else if (l.isEmpty()) {
                counts.missingInLive++;
                verdict = "missing in the live bot";
            } else if (onlyLive.isEmpty() && onlyShadow.isEmpty()) {
                counts.matched++;
                continue;
            } else {
                counts.different++;
                verdict = "different";
            }
            if (examples.size() < maxExamples) {
                examples.add(new Example(type, key, verdict, onlyLive, onlyShadow));
            }
        }
        List<TypeRow> rows = new ArrayList<>();
        byType.forEach((type, c) -> rows.add(new TypeRow(type, c.matched, c.missingInShadow, c.missingInLive,
                c.different, Latency.of(c.live), Latency.of(c.shadow))));
        return new Report(rows, examples, pending);
    }

    private static final class Counts {
        long matched;
        long missingInShadow;
        long missingInLive;
        long different;
        final List<Long> live = new ArrayList<>();
        final List<Long> shadow = new ArrayList<>();
    }

    private static Map<String, List<WriteRecord>> byKey(Collection<WriteRecord> records) {
        Map<String, List<WriteRecord>> byKey = new LinkedHashMap<>();
        for (WriteRecord r : records) {
            byKey.computeIfAbsent(r.eventKey(), k -> new ArrayList<>()).add(r);
        }
        return byKey;
    }

    private static long latest(List<WriteRecord> records) {
        return records.stream().mapToLong(WriteRecord::atMillis).max().orElse(Long.MIN_VALUE);
    }

    private static String typeOf(List<WriteRecord> live, List<WriteRecord> shadow) {
        for (List<WriteRecord> side : List.of(live, shadow)) {
            for (WriteRecord r : side) {
                if (!"unknown".equals(r.eventType())) {
                    return r.eventType();
                }
            }
        }
        return "unknown";
    }

    /** The writes of {@code a} not matched by one of {@code b} (a multiset difference), as text. */
    private static List<String> minus(List<WriteRecord> a, List<WriteRecord> b) {
        Map<String, Integer> left = new HashMap<>();
        b.forEach(r -> left.merge(r.comparable(), 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (WriteRecord r : a) {
            Integer n = left.get(r.comparable());
            if (n != null && n > 0) {
                left.put(r.comparable(), n - 1);
            } else {
                out.add(r.comparable());
            }
        }
        return out;
    }
}
