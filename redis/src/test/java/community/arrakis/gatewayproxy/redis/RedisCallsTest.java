package community.arrakis.gatewayproxy.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisLoadingException;
import io.lettuce.core.RedisReadOnlyException;
import org.junit.jupiter.api.Test;

/** Which of Lettuce's failures mean "wait for Redis" and which mean "the command was wrong". */
class RedisCallsTest {

    @Test
    void anOutageOrARedisThatRefusesWorkIsUnreachable() {
        assertThat(RedisCalls.unreachable(new RedisConnectionException("Connection refused"))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisException("Currently not connected. Commands are rejected."))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisCommandTimeoutException("Command timed out after 2 second(s)"))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisLoadingException("LOADING Redis is loading the dataset in memory"))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisBusyException("BUSY Redis is busy running a script"))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisReadOnlyException("READONLY You can't write against a read only replica."))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisCommandExecutionException("MASTERDOWN Link with MASTER is down"))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisCommandExecutionException("TRYAGAIN Multiple keys request during rehashing"))).isTrue();
        assertThat(RedisCalls.unreachable(new RedisCommandExecutionException("CLUSTERDOWN The cluster is down"))).isTrue();
    }

    @Test
    void aWrongCommandIsNot() {
        assertThat(RedisCalls.unreachable(new RedisCommandExecutionException(
                "WRONGTYPE Operation against a key holding the wrong kind of value"))).isFalse();
        assertThat(RedisCalls.unreachable(new RedisCommandExecutionException("ERR Error running script"))).isFalse();
    }

    @Test
    void callTurnsAnOutageIntoRedisUnreachableAndLetsAMistakeThrough() {
        RedisConnectionException refused = new RedisConnectionException("Connection refused");
        assertThatThrownBy(() -> RedisCalls.call(() -> {
            throw refused;
        })).isInstanceOf(RedisUnreachableException.class).hasMessage("Connection refused").hasCause(refused);

        RedisCommandExecutionException wrongType = new RedisCommandExecutionException("WRONGTYPE wrong kind of value");
        assertThatThrownBy(() -> RedisCalls.call(() -> {
            throw wrongType;
        })).isSameAs(wrongType);

        assertThat(RedisCalls.call(() -> "PONG")).isEqualTo("PONG");
    }
}
