/**
 * What the modules' tests share, and nothing of ours (test scope only): the machine's services
 * ({@link community.arrakis.gatewayproxy.testkit.SharedServices}) and a key prefix of a test's own
 * on its Redis ({@link community.arrakis.gatewayproxy.testkit.RedisKeys}); a Redis and a RabbitMQ node
 * a test may kill or alarm ({@link community.arrakis.gatewayproxy.testkit.PrivateRedis},
 * {@link community.arrakis.gatewayproxy.testkit.PrivateRabbit}); a TCP relay that cuts one client's
 * connections ({@link community.arrakis.gatewayproxy.testkit.TcpProxy}); a clock moved by hand
 * ({@link community.arrakis.gatewayproxy.testkit.MutableClock}); the log lines written
 * ({@link community.arrakis.gatewayproxy.testkit.LogCapture}).
 */
package community.arrakis.gatewayproxy.testkit;
