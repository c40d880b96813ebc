/** The demo: the simulator and the bot in one JVM, a scripted mix of events, and what happened to each. */
package community.arrakis.gatewayproxy.app.demo;
