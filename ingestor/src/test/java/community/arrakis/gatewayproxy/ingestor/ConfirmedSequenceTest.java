package community.arrakis.gatewayproxy.ingestor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfirmedSequenceTest {

    @Test
    void safeSequenceFollowsTheWorkedExample() {
        ConfirmedSequence sequence = new ConfirmedSequence("s", "wss://resume", 1);
        assertThat(sequence.safe()).isEqualTo(1);
        sequence.sent(2);
        sequence.sent(3);
        sequence.sent(4);
        assertThat(sequence.safe()).isEqualTo(1);
        sequence.skipped(5);
        assertThat(sequence.safe()).isEqualTo(1);
        sequence.confirmed(3);
        assertThat(sequence.safe()).as("2 is still in flight").isEqualTo(1);
        sequence.confirmed(2);
        assertThat(sequence.safe()).isEqualTo(3);
        sequence.confirmed(4);
        assertThat(sequence.safe()).as("5 needed no confirm").isEqualTo(5);
        assertThat(sequence.highest()).isEqualTo(5);
    }

    @Test
    void replayedSequenceConfirmedOnceIsSafe() {
        ConfirmedSequence sequence = new ConfirmedSequence("s", null, 10);
        sequence.sent(11);
        sequence.sent(11); // replayed by a resume while the first copy was in flight
        sequence.confirmed(11);
        assertThat(sequence.safe()).isEqualTo(11);
    }

    @Test
    void unconfirmedSequenceHoldsTheCheckpointBackForever() {
        ConfirmedSequence sequence = new ConfirmedSequence("s", null, 0);
        for (long s = 1; s <= 100; s++) {
            sequence.sent(s);
            if (s != 37) {
                sequence.confirmed(s);
            }
        }
        assertThat(sequence.safe()).isEqualTo(36);
        assertThat(sequence.inFlight()).isEqualTo(1);
    }

    @Test
    void safeNeverFailsWhileConfirmsEmptyTheSetConcurrently() throws Exception {
        ConfirmedSequence sequence = new ConfirmedSequence("s", "wss://resume", 0);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                long last = 0;
                for (int i = 0; i < 2_000_000; i++) {
                    long safe = sequence.safe();
                    if (safe < last) {
                        throw new AssertionError("safe went back from " + last + " to " + safe);
                    }
                    last = safe;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        long next = 1;
        while (reader.isAlive()) {
            sequence.sent(next);
            sequence.confirmed(next);
            next++;
        }
        reader.join();
        assertThat(failure.get()).isNull();
        assertThat(sequence.safe()).isEqualTo(next - 1);
    }

    @Test
    void confirmsInAnyOrderAcrossManyInFlightKeepTheOldestUnconfirmedAsTheLimit() {
        ConfirmedSequence sequence = new ConfirmedSequence("s", null, 0);
        for (long s = 1; s <= 5_000; s++) {
            sequence.sent(s);
        }
        for (long s = 5_000; s >= 2; s--) {
            sequence.confirmed(s);
            assertThat(sequence.safe()).isZero();
        }
        assertThat(sequence.inFlight()).isEqualTo(1);
        sequence.confirmed(1);
        assertThat(sequence.safe()).isEqualTo(5_000);
        assertThat(sequence.inFlight()).isZero();
    }

    @Test
    void aLowerSequenceSentLateStillHoldsTheCheckpointBack() {
        ConfirmedSequence sequence = new ConfirmedSequence("s", null, 0);
        sequence.sent(5);
        sequence.sent(9);
        sequence.sent(7);
        sequence.confirmed(5);
        assertThat(sequence.safe()).isEqualTo(6);
        sequence.confirmed(9);
        assertThat(sequence.safe()).isEqualTo(6);
        sequence.confirmed(7);
        assertThat(sequence.safe()).isEqualTo(9);
    }

    @Test
    void aConfirmForASequenceNeverSentChangesNothing() {
        ConfirmedSequence sequence = new ConfirmedSequence("s", null, 3);
        sequence.sent(4);
        sequence.confirmed(42);
        assertThat(sequence.safe()).isEqualTo(3);
        assertThat(sequence.inFlight()).isEqualTo(1);
    }
}
