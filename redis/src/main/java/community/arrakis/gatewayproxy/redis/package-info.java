/**
 * What the ingestor and the worker share about Redis: a Lettuce client set up to fail fast and come
 * back fast ({@link community.arrakis.gatewayproxy.redis.FailFastRedisClient}), and one rule for
 * which failures mean "Redis cannot be used now" ({@link community.arrakis.gatewayproxy.redis.RedisCalls}).
 */
package community.arrakis.gatewayproxy.redis;
