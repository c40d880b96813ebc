package community.arrakis.gatewayproxy.broker.publish;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Messages sent on the current channel and not yet confirmed, by delivery tag. The broker confirms
 * by tag, one at a time or every tag up to one ({@code multiple}); for example:
 *
 * <pre>
 * sent tags 1, 2, 3, 4      outstanding {1, 2, 3, 4}
 * ack 3, multiple           takes 1, 2, 3            outstanding {4}
 * nack 4                    takes 4                  outstanding {}
 * </pre>
 *
 * After a channel loss nothing outstanding can be confirmed any more: {@link #takeAll()} hands it
 * back, oldest first, to be sent again (a new channel numbers its tags from 1 again). Safe for the
 * connection's thread (confirms) and a sending thread at once.
 *
 * @param <T> the message
 */
public final class OutstandingConfirms<T> {

    private final ConcurrentSkipListMap<Long, T> byTag = new ConcurrentSkipListMap<>();

    /**
     * Records a message about to be sent with {@code tag}.
     *
     * @return false when the tag is taken already: a send on a channel that recovery renumbered
     *         underneath it, while the messages of the lost one are still outstanding. The caller
     *         must not send it (it holds it instead), or one of the two could never be confirmed.
     */
    public boolean add(long tag, T message) {
        return byTag.putIfAbsent(tag, message) == null;
    }

    /** Forgets a message whose send failed. */
    public void remove(long tag, T message) {
        byTag.remove(tag, message);
    }

    /** Takes the messages a confirm ({@code basic.ack} or {@code basic.nack}) is about, oldest first. */
    public List<T> confirmed(long tag, boolean multiple) {
        List<T> taken = new ArrayList<>();
        if (multiple) {
            Map.Entry<Long, T> first;
            while ((first = byTag.firstEntry()) != null && first.getKey() <= tag) {
                if (byTag.remove(first.getKey(), first.getValue())) {
                    taken.add(first.getValue());
                }
            }
        } else {
            T message = byTag.remove(tag);
            if (message != null) {
                taken.add(message);
            }
        }
        return taken;
    }

    /** Takes every outstanding message, oldest first: after a loss, or at close. */
    public List<T> takeAll() {
        List<T> taken = new ArrayList<>();
        Map.Entry<Long, T> first;
        while ((first = byTag.pollFirstEntry()) != null) {
            taken.add(first.getValue());
        }
        return taken;
    }

    /** A live view, oldest first. */
    public Collection<T> messages() {
        return byTag.values();
    }
}
