package community.arrakis.gatewayproxy.broker.publish;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutstandingConfirmsTest {

    private final OutstandingConfirms<String> outstanding = new OutstandingConfirms<>();

    @Test
    void aMultipleConfirmTakesEveryTagUpToItsOwnOldestFirst() {
        outstanding.add(1, "A");
        outstanding.add(2, "B");
        outstanding.add(3, "C");
        outstanding.add(4, "D");

        assertThat(outstanding.confirmed(3, true)).containsExactly("A", "B", "C");
        assertThat(outstanding.messages()).containsExactly("D");
    }

    @Test
    void aSingleConfirmTakesOnlyItsTag() {
        outstanding.add(1, "A");
        outstanding.add(2, "B");

        assertThat(outstanding.confirmed(2, false)).containsExactly("B");
        assertThat(outstanding.confirmed(2, false)).as("a second confirm of the same tag").isEmpty();
        assertThat(outstanding.messages()).containsExactly("A");
    }

    @Test
    void afterALossEverythingIsHandedBackOldestFirst() {
        outstanding.add(7, "C");
        outstanding.add(5, "A");
        outstanding.add(6, "B");

        assertThat(outstanding.takeAll()).containsExactly("A", "B", "C");
        assertThat(outstanding.messages()).isEmpty();
    }

    @Test
    void aTagStillTakenIsRefusedSoNeitherMessageIsLost() {
        assertThat(outstanding.add(1, "old channel's")).isTrue();
        assertThat(outstanding.add(1, "renumbered channel's")).isFalse();
        assertThat(outstanding.messages()).containsExactly("old channel's");
    }

    @Test
    void aFailedSendIsForgottenWithoutTouchingAnother() {
        outstanding.add(1, "A");
        outstanding.remove(1, "B");
        assertThat(outstanding.messages()).containsExactly("A");
        outstanding.remove(1, "A");
        assertThat(outstanding.messages()).isEmpty();
    }
}
