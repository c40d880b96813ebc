package community.arrakis.gatewayproxy.worker.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs Lua scripts by their digest ({@code EVALSHA}), loading each on first use and again when Redis
 * has forgotten it (a restart, {@code SCRIPT FLUSH}). With {@code EVAL} the script's text would
 * cross the wire, and be hashed by Redis, on every call, and the effect-once claim runs once per
 * event.
 */
public final class LuaScripts {
    private final RedisCommands<String, String> redis;
    private final Map<String, String> digests = new ConcurrentHashMap<>();

    public LuaScripts(RedisCommands<String, String> redis) {
        this.redis = redis;
    }

    public <T> T run(String script, ScriptOutputType output, String[] keys, String... args) {
        String digest = digests.computeIfAbsent(script, redis::scriptLoad);
        try {
            return redis.evalsha(digest, output, keys, args);
        } catch (RedisNoScriptException e) {
            String reloaded = redis.scriptLoad(script);
            digests.put(script, reloaded);
            return redis.evalsha(reloaded, output, keys, args);
        }
    }
}
