package community.arrakis.gatewayproxy.ops.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The answer at the top of the status page: is the bot healthy, degraded or down, and why.
 *
 * <p>The verdict is the worst health of any part; the reasons name every part that is not
 * healthy, the down ones first. Shards are many, so beyond {@link #SHARDS_NAMED} unhealthy shards
 * of one health they are summed up in one reason rather than listed: with 64 shards reconnecting
 * after a Discord incident the person on call needs "64 shards RECONNECTING", not 64 lines.
 *
 * @param health  the worst part's health
 * @param reasons one line per part that is not healthy, e.g. {@code shard 2 STOPPED: authentication failed}
 */
public record Verdict(Health health, List<String> reasons) {

    static final int SHARDS_NAMED = 4;

    public Verdict {
        reasons = List.copyOf(reasons);
    }

    static Verdict of(StatusSnapshot snapshot) {
        List<Reason> reasons = new ArrayList<>();
        for (Signal signal : snapshot.dependencies()) {
            if (signal.health() != Health.HEALTHY) {
                reasons.add(new Reason(signal.health(), signal.name() + ": " + signal.detail()));
            }
        }
        shardReasons(snapshot.shards(), Health.DOWN, reasons);
        shardReasons(snapshot.shards(), Health.DEGRADED, reasons);
        for (QueueRow queue : snapshot.queues()) {
            if (queue.health() != Health.HEALTHY) {
                reasons.add(new Reason(queue.health(), "queue " + queue.queue() + ": " + queue.note()));
            }
        }
        for (Figure figure : snapshot.figures()) {
            if (figure.health() != Health.HEALTHY) {
                reasons.add(new Reason(figure.health(), figure.name() + ": " + Format.figure(figure)
                        + (figure.note().isEmpty() ? "" : " (" + figure.note() + ")")));
            }
        }
        Health worst = reasons.stream().map(Reason::health).reduce(Health.HEALTHY, Health::worse);
        return new Verdict(worst, reasons.stream()
                .sorted(Comparator.comparing(Reason::health).reversed()) // stable: DOWN first, then in page order
                .map(Reason::text).toList());
    }

    private static void shardReasons(List<ShardRow> shards, Health health, List<Reason> reasons) {
        List<ShardRow> matching = shards.stream().filter(s -> s.health() == health).toList();
        if (matching.size() <= SHARDS_NAMED) {
            for (ShardRow shard : matching) {
                reasons.add(new Reason(health, "shard " + shard.shard() + " " + shard.state()
                        + (shard.note().isEmpty() ? "" : ": " + shard.note())));
            }
            return;
        }
        List<Integer> ids = matching.stream().map(ShardRow::shard).toList();
        String listed = ids.size() <= 16 ? ids.toString()
                : ids.subList(0, 16).toString().replace("]", ", …]");
        reasons.add(new Reason(health, matching.size() + " shards " + health.label() + " " + listed));
    }

    private record Reason(Health health, String text) {
    }
}
