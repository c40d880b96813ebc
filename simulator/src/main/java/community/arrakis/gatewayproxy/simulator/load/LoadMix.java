package community.arrakis.gatewayproxy.simulator.load;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Relative weights of the event types a load run emits, and whether the bot is expected to answer
 * member joins. Only types with a positive weight are emitted.
 *
 * <p>A bot without a join-role handler never answers joins; run it with a mix without joins, or
 * {@link #withMemberJoinAnswered(boolean) withMemberJoinAnswered(false)} so that joins are counted
 * as sent only instead of lost. Member updates are never expected to be answered.
 */
public record LoadMix(Map<LoadEventType, Integer> weights, boolean memberJoinAnswered) {
    public LoadMix {
        EnumMap<LoadEventType, Integer> copy = new EnumMap<>(LoadEventType.class);
        weights.forEach((type, weight) -> {
            if (weight == null || weight < 0) {
                throw new IllegalArgumentException("load mix weight of " + type.key() + " must not be negative, was "
                        + weight);
            }
            if (weight > 0) {
                copy.put(type, weight);
            }
        });
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a load mix needs at least one positive weight among "
                    + LoadEventType.keys());
        }
        weights = Collections.unmodifiableMap(copy);
    }

    /** Issue 3's mix: 70 % /ping, 10 % button, 10 % autocomplete, 10 % member join. */
    public static LoadMix standard() {
        return new LoadMix(Map.of(LoadEventType.PING, 70, LoadEventType.BUTTON, 10, LoadEventType.AUTOCOMPLETE, 10,
                LoadEventType.JOIN, 10), true);
    }

    /**
     * What the stock worker answers when started with {@code --join-role}: 90 % /ping and 10 % joins.
     * The default of the {@code simulator --load} command and of the bench scripts.
     */
    public static LoadMix builtInBot() {
        return new LoadMix(Map.of(LoadEventType.PING, 90, LoadEventType.JOIN, 10), true);
    }

    public static LoadMix only(LoadEventType type) {
        return new LoadMix(Map.of(type, 1), true);
    }

    /**
     * Parses {@code ping=70,button=10,autocomplete=10,join=10} (types: ping, button, autocomplete,
     * join, update; weights are non-negative integers) or the names {@code standard} and
     * {@code builtin}.
     */
    public static LoadMix parse(String spec) {
        String text = spec == null ? "" : spec.trim();
        if (text.equalsIgnoreCase("standard")) {
            return standard();
        }
        if (text.equalsIgnoreCase("builtin")) {
            return builtInBot();
        }
        Map<LoadEventType, Integer> weights = new EnumMap<>(LoadEventType.class);
        for (String part : text.split(",")) {
            String[] pair = part.split("=");
            if (pair.length != 2) {
                throw new IllegalArgumentException("load mix must look like 'ping=90,join=10' (types: "
                        + LoadEventType.keys() + "), was '" + spec + "'");
            }
            LoadEventType type = LoadEventType.fromKey(pair[0]);
            int weight;
            try {
                weight = Integer.parseInt(pair[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("load mix weight of " + type.key() + " must be an integer, was '"
                        + pair[1].trim() + "'");
            }
            if (weights.put(type, weight) != null) {
                throw new IllegalArgumentException("load mix names " + type.key() + " twice: '" + spec + "'");
            }
        }
        return new LoadMix(weights, true);
    }

    public LoadMix withMemberJoinAnswered(boolean answered) {
        return new LoadMix(weights, answered);
    }

    /** Whether the driver waits for, and counts as lost, events of this type that get no answer. */
    public boolean answerExpected(LoadEventType type) {
        return type.interaction() || (type == LoadEventType.JOIN && memberJoinAnswered);
    }

    public int weight(LoadEventType type) {
        return weights.getOrDefault(type, 0);
    }

    /** A fresh picker that hands out types in these proportions, evenly spread. */
    Sequence sequence() {
        return new Sequence(this);
    }

    @Override
    public String toString() {
        return weights.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getValue())
                .collect(Collectors.joining(",")) + (memberJoinAnswered || weight(LoadEventType.JOIN) == 0
                ? "" : " (joins not answered)");
    }

    /**
     * Smooth weighted round robin (nginx's upstream choice): deterministic, exact proportions over
     * every cycle of {@code sum(weights)} picks, and no type comes in a long run. Each pick adds
     * every weight to its type's credit, takes the type with the most credit and charges it the
     * total. Worked example, ping=2 and join=1 (total 3), credits (ping, join) from (0, 0): (2, 1) →
     * ping, (−1, 1); (1, 2) → join, (1, −1); (3, 0) → ping, (0, 0); and again: ping, join, ping.
     * Used by the emitting thread only.
     */
    static final class Sequence {
        private final LoadEventType[] types;
        private final int[] weights;
        private final int[] credit;
        private final int total;

        private Sequence(LoadMix mix) {
            this.types = mix.weights.keySet().toArray(LoadEventType[]::new);
            this.weights = mix.weights.values().stream().mapToInt(Integer::intValue).toArray();
            this.credit = new int[types.length];
            this.total = java.util.Arrays.stream(weights).sum();
        }

        LoadEventType next() {
            int best = 0;
            for (int i = 0; i < types.length; i++) {
                credit[i] += weights[i];
                if (credit[i] > credit[best]) {
                    best = i;
                }
            }
            credit[best] -= total;
            return types[best];
        }
    }
}
