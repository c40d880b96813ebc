/**
 * Fixtures the modules' integration tests share: {@link community.arrakis.gatewayproxy.testkit.PrivateRedis}
 * (a Redis a test may kill, never the machine's) and {@link community.arrakis.gatewayproxy.testkit.LogCapture}.
 */
package community.arrakis.gatewayproxy.testkit;
