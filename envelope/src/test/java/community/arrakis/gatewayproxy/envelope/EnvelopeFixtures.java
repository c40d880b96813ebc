package community.arrakis.gatewayproxy.envelope;

import java.nio.charset.StandardCharsets;

/** Dispatch payloads shaped like Discord's, written by hand (not by our codec). */
final class EnvelopeFixtures {
    static final String INTERACTION_ID = "1300000000000000001";

    private EnvelopeFixtures() {
    }

    static byte[] slashCommand(String name) {
        return ("""
                {"id":"%s","application_id":"1100000000000000000","type":2,"token":"secret-token-abc",
                 "guild_id":"41771983444115456","channel_id":"41771983444115457","version":1,
                 "member":{"user":{"id":"80351110224678912","username":"nelly"},"roles":[],"permissions":"8"},
                 "data":{"id":"900","name":"%s","type":1,"options":[{"name":"text","type":3,"value":"hi"}]},
                 "locale":"en-US","entitlements":[]}
                """).formatted(INTERACTION_ID, name).strip().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] memberAdd() {
        return """
                {"guild_id":"41771983444115456","user":{"id":"80351110224678912","username":"nelly"},
                 "roles":["41771983444115458"],"joined_at":"2026-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,"flags":0}
                """.strip().getBytes(StandardCharsets.UTF_8);
    }
}
