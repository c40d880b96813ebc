/**
 * Discord's REST rate limits: header parsing, the limiter's decisions, and the
 * {@link community.arrakis.gatewayproxy.discord.rest.ratelimit.RateLimitStore} port where bucket state
 * lives (in memory here; shared between workers by a Redis implementation elsewhere).
 */
package community.arrakis.gatewayproxy.discord.rest.ratelimit;
