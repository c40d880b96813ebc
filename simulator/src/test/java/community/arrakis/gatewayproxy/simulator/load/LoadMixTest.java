package community.arrakis.gatewayproxy.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadMixTest {

    @Test
    void parsesWeightsAndNamedMixes() {
        LoadMix mix = LoadMix.parse("ping=70, button=10,autocomplete=10,join=10,update=0");

        assertThat(mix.weights()).containsExactly(Map.entry(LoadEventType.PING, 70), Map.entry(LoadEventType.BUTTON, 10),
                Map.entry(LoadEventType.AUTOCOMPLETE, 10), Map.entry(LoadEventType.JOIN, 10));
        assertThat(mix).isEqualTo(LoadMix.standard());
        assertThat(LoadMix.parse("builtin")).isEqualTo(LoadMix.builtInBot());
        assertThat(LoadMix.builtInBot().toString()).isEqualTo("ping=90,join=10");
    }

    @Test
    void rejectsBadMixesNamingWhatIsAccepted() {
        assertThatThrownBy(() -> LoadMix.parse("ping=90,leave=10")).hasMessageContaining("unknown load event type 'leave'")
                .hasMessageContaining("ping, button, autocomplete, join, update");
        assertThatThrownBy(() -> LoadMix.parse("ping=-1,join=1")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> LoadMix.parse("ping=0")).hasMessageContaining("at least one positive weight");
        assertThatThrownBy(() -> LoadMix.parse("ping=1,ping=2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> LoadMix.parse("ping")).hasMessageContaining("ping=90,join=10");
        assertThatThrownBy(() -> LoadMix.parse("ping=ten")).hasMessageContaining("must be an integer");
    }

    @Test
    void handsOutExactProportionsEvenlySpread() {
        LoadMix.Sequence sequence = LoadMix.parse("ping=9,join=1").sequence();
        Map<LoadEventType, Integer> counts = new EnumMap<>(LoadEventType.class);

        for (int window = 0; window < 100; window++) {
            int joins = 0;
            for (int i = 0; i < 10; i++) {
                LoadEventType type = sequence.next();
                counts.merge(type, 1, Integer::sum);
                joins += type == LoadEventType.JOIN ? 1 : 0;
            }
            assertThat(joins).as("joins in window %d", window).isEqualTo(1);
        }
        assertThat(counts).containsEntry(LoadEventType.PING, 900).containsEntry(LoadEventType.JOIN, 100);
    }

    @Test
    void followsTheWorkedExampleOfItsComment() {
        LoadMix.Sequence sequence = LoadMix.parse("ping=2,join=1").sequence();

        assertThat(new LoadEventType[] {sequence.next(), sequence.next(), sequence.next(), sequence.next()})
                .containsExactly(LoadEventType.PING, LoadEventType.JOIN, LoadEventType.PING, LoadEventType.PING);
    }

    @Test
    void expectsAnswersToInteractionsAndToJoinsOnlyWhenTold() {
        LoadMix mix = LoadMix.parse("ping=1,join=1,update=1");

        assertThat(mix.answerExpected(LoadEventType.PING)).isTrue();
        assertThat(mix.answerExpected(LoadEventType.JOIN)).isTrue();
        assertThat(mix.answerExpected(LoadEventType.UPDATE)).isFalse();
        assertThat(mix.withMemberJoinAnswered(false).answerExpected(LoadEventType.JOIN)).isFalse();
        assertThat(mix.withMemberJoinAnswered(false).toString()).endsWith("(joins not answered)");
    }
}
