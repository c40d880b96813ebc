/** Discord REST rate-limit state in Redis, so every worker spends the same buckets. */
package community.arrakis.gatewayproxy.worker.ratelimit;
