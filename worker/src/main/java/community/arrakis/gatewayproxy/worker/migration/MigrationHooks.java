package community.arrakis.gatewayproxy.worker.migration;

import community.arrakis.gatewayproxy.discord.rest.WriteTap;
import community.arrakis.gatewayproxy.worker.dispatch.EventAdmission;
import java.util.Objects;

/**
 * What a migration changes in a running bot: which events it runs ({@link EventAdmission}) and what
 * becomes of its Discord writes ({@link WriteTap}). {@link #NONE} outside a migration.
 *
 * @param side      which side this process is, for its status page; null outside a migration
 */
public record MigrationHooks(Side side, EventAdmission admission, WriteTap writes, String describe) {

    public static final MigrationHooks NONE = new MigrationHooks(null, EventAdmission.ALL, WriteTap.NONE, "none");

    public MigrationHooks {
        Objects.requireNonNull(admission, "admission");
        Objects.requireNonNull(writes, "writes");
    }

    /**
     * The hooks of one side.
     *
     * @param canaries   run only this side's share of the guilds (standalone or proxy)
     * @param recordWrites record every write for the shadow comparison (always for the shadow)
     */
    public static MigrationHooks of(Side side, MigrationStore store, boolean canaries, boolean recordWrites) {
        if (side == Side.SHADOW) {
            return new MigrationHooks(side, MigrationAdmission.recordingOnly(side), RecordingWriteTap.shadow(store),
                    "shadow: every write recorded, none sent");
        }
        EventAdmission admission = canaries ? MigrationAdmission.canaries(side, store)
                : recordWrites ? MigrationAdmission.recordingOnly(side) : EventAdmission.ALL;
        WriteTap tap = recordWrites ? RecordingWriteTap.live(store, side) : WriteTap.NONE;
        return new MigrationHooks(side, admission, tap, (canaries ? "guild canaries (its share only)" : "every guild")
                + (recordWrites ? ", writes recorded" : ""));
    }
}
