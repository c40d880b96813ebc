package community.arrakis.gatewayproxy.broker.deadletter;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a replay did: each selected dead letter was either replayed (published, confirmed by the
 * broker, then removed from the dead-letter queue) or left there, with why.
 *
 * @param replayed    confirmed on the events exchange and removed from the dead-letter queue
 * @param left        still in the dead-letter queue, in queue order
 * @param stoppedBy   why the replay stopped before the end, when it did (the broker refused a
 *                    message or did not confirm in time); the dead letters it was working on are in
 *                    {@code left} and may exist twice now
 */
public record ReplayResult(List<DeadLetter> replayed, List<Left> left, Optional<String> stoppedBy) {

    public ReplayResult {
        replayed = List.copyOf(replayed);
        left = left.stream().sorted(Comparator.comparingInt(l -> l.letter().position())).toList();
    }

    /** A dead letter not replayed, and why. */
    public record Left(DeadLetter letter, String why) {
    }
}
