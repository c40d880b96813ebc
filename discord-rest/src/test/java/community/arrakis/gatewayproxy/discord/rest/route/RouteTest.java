package community.arrakis.gatewayproxy.discord.rest.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void compilesThePathAndScopesGuildRoutesByGuild() {
        CompiledRoute r = Route.ADD_GUILD_MEMBER_ROLE.compile("10", "20", "30");
        assertThat(r.path()).isEqualTo("/guilds/10/members/20/roles/30");
        assertThat(r.topLevelResource()).isEqualTo("guild:10");
        assertThat(r.routeBucketKey()).isEqualTo("PUT /guilds/{guild_id}/members/{user_id}/roles/{role_id}|guild:10");
        assertThat(r.bucketKey("abc")).isEqualTo("abc|guild:10");
    }

    @Test
    void sameTemplateDifferentChannelsAreDifferentBuckets() {
        assertThat(Route.CREATE_MESSAGE.compile("1").routeBucketKey())
                .isNotEqualTo(Route.CREATE_MESSAGE.compile("2").routeBucketKey());
        assertThat(Route.CREATE_MESSAGE.compile("1").topLevelResource()).isEqualTo("channel:1");
    }

    @Test
    void addAndRemoveRoleAreDifferentBucketsBecauseTheMethodDiffers() {
        assertThat(Route.ADD_GUILD_MEMBER_ROLE.compile("1", "2", "3").routeBucketKey())
                .isNotEqualTo(Route.REMOVE_GUILD_MEMBER_ROLE.compile("1", "2", "3").routeBucketKey());
    }

    @Test
    void webhookBucketsIncludeTheTokenOnlyAsAHash() {
        CompiledRoute a = Route.CREATE_FOLLOWUP_MESSAGE.compile("app", "token-one");
        CompiledRoute b = Route.CREATE_FOLLOWUP_MESSAGE.compile("app", "token-two");
        assertThat(a.path()).isEqualTo("/webhooks/app/token-one");
        assertThat(a.topLevelResource()).startsWith("webhook:app:").doesNotContain("token-one");
        assertThat(a.routeBucketKey()).isNotEqualTo(b.routeBucketKey()).doesNotContain("token-one");
    }

    @Test
    void logNameIsTheTemplateNeverThePath() {
        CompiledRoute r = Route.CREATE_INTERACTION_RESPONSE.compile("99", "secret-interaction-token");
        assertThat(r.toString()).isEqualTo("POST /interactions/{id}/{token}/callback");
        assertThat(r.routeBucketKey()).doesNotContain("secret");
    }

    @Test
    void tokenRoutesNeedNoBotTokenAndSkipTheGlobalLimit() {
        assertThat(Route.CREATE_INTERACTION_RESPONSE.needsBotToken()).isFalse();
        assertThat(Route.CREATE_INTERACTION_RESPONSE.globalLimitExempt()).isTrue();
        assertThat(Route.EDIT_ORIGINAL_RESPONSE.globalLimitExempt()).isTrue();
        assertThat(Route.CREATE_MESSAGE.needsBotToken()).isTrue();
        assertThat(Route.CREATE_MESSAGE.globalLimitExempt()).isFalse();
        assertThat(Route.CREATE_DM.compile().topLevelResource()).isEmpty();
    }

    @Test
    void encodesValuesAsPathSegments() {
        assertThat(Route.CREATE_MESSAGE.compile("a/b c").path()).isEqualTo("/channels/a%2Fb%20c/messages");
    }

    @Test
    void rejectsTheWrongNumberOfValues() {
        assertThatThrownBy(() -> Route.CREATE_MESSAGE.compile()).hasMessageContaining("needs 1");
        assertThatThrownBy(() -> Route.CREATE_MESSAGE.compile("1", "2")).hasMessageContaining("needs 1");
        assertThatThrownBy(() -> Route.CREATE_MESSAGE.compile("")).hasMessageContaining("channel_id");
    }
}
