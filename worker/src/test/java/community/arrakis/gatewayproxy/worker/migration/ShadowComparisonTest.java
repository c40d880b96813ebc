package community.arrakis.gatewayproxy.worker.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShadowComparisonTest {

    private static final String CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback";
    private static final String ROLE = "/guilds/{guild_id}/members/{user_id}/roles/{role_id}";
    private static final long NOW = 1_000_000;

    private static WriteRecord write(String key, String type, String method, String route, String body, long since) {
        return new WriteRecord(key, type, method, route, JsonNormaliser.normalise(body), 204, 3.0, since, NOW - 10_000);
    }

    @Test
    void sameWritesInAnyOrderAndKeyOrderMatch() {
        List<WriteRecord> live = List.of(
                write("i:1", "interaction.command.ping", "POST", CALLBACK, "{\"type\":4,\"data\":{\"content\":\"pong\"}}", 40),
                write("e:join", "member.join", "PUT", ROLE, null, 60));
        List<WriteRecord> shadow = List.of(
                write("e:join", "member.join", "PUT", ROLE, null, 20),
                write("i:1", "interaction.command.ping", "POST", CALLBACK, "{\"data\":{\"content\":\"pong\"},\"type\":4}", 10));

        ShadowComparison.Report report = ShadowComparison.compare(live, shadow, NOW, 5);

        assertThat(report.clean()).isTrue();
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.rows()).extracting(ShadowComparison.TypeRow::eventType)
                .containsExactly("interaction.command.ping", "member.join");
        assertThat(report.rows().get(0).live().p50()).isEqualTo(40);
        assertThat(report.rows().get(0).shadow().p50()).isEqualTo(10);
    }

    @Test
    void aDivergingAnswerIsReportedDifferentWithAReadableDiff() {
        List<WriteRecord> live = List.of(write("i:1", "interaction.command.ping", "POST", CALLBACK,
                "{\"type\":4,\"data\":{\"content\":\"pong\"}}", 40));
        List<WriteRecord> shadow = List.of(write("i:1", "interaction.command.ping", "POST", CALLBACK,
                "{\"type\":4,\"data\":{\"content\":\"pong v2\"}}", 10));

        ShadowComparison.Report report = ShadowComparison.compare(live, shadow, NOW, 5);

        assertThat(report.different()).isEqualTo(1);
        assertThat(report.examples()).singleElement().satisfies(e -> {
            assertThat(e.verdict()).isEqualTo("different");
            assertThat(e.onlyLive()).containsExactly("POST " + CALLBACK + " {\"data\":{\"content\":\"pong\"},\"type\":4}");
            assertThat(e.onlyShadow()).containsExactly("POST " + CALLBACK + " {\"data\":{\"content\":\"pong v2\"},\"type\":4}");
        });
        assertThat(report.toTable()).contains("- live:   POST " + CALLBACK).contains("+ shadow: POST " + CALLBACK);
    }

    @Test
    void anEventOnlyOneSideWroteForIsMissingOnTheOther() {
        List<WriteRecord> live = List.of(write("e:a", "member.join", "PUT", ROLE, null, 5));
        List<WriteRecord> shadow = List.of(write("e:b", "member.join", "PUT", ROLE, null, 5));

        ShadowComparison.Report report = ShadowComparison.compare(live, shadow, NOW, 5);

        assertThat(report.missingInShadow()).isEqualTo(1);
        assertThat(report.missingInLive()).isEqualTo(1);
        assertThat(report.matched()).isZero();
    }

    @Test
    void eventsYoungerThanTheSettleTimeWaitForTheNextReport() {
        WriteRecord young = new WriteRecord("i:9", "interaction.command.ping", "POST", CALLBACK, "", 204, 1, 1, NOW);

        ShadowComparison.Report report = ShadowComparison.compare(List.of(young), List.of(), NOW, 5);

        assertThat(report.pending()).isEqualTo(1);
        assertThat(report.rows()).isEmpty();
    }
}
