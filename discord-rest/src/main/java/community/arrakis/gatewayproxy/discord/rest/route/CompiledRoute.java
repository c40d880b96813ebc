package community.arrakis.gatewayproxy.discord.rest.route;

/**
 * A route with its values filled in.
 *
 * @param route            the template it came from
 * @param path             the path to request, below the API base (may contain a token: never log it)
 * @param topLevelResource what Discord scopes the bucket by, e.g. {@code guild:123}; empty if none
 */
public record CompiledRoute(Route route, String path, String topLevelResource) {

    /** The bucket key until Discord has told us its bucket hash: route key plus resource. */
    public String routeBucketKey() {
        return bucketKey(route.key());
    }

    /** The bucket key once Discord named the bucket: Discord's hash plus resource. */
    public String bucketKey(String discordBucket) {
        return topLevelResource.isEmpty() ? discordBucket : discordBucket + "|" + topLevelResource;
    }

    /** The template only, so tokens in the path never reach a log line. */
    @Override
    public String toString() {
        return route.key();
    }
}
