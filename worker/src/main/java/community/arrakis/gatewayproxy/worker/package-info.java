/** The worker: consumes envelopes, runs the bot's handlers, answers through Discord's REST API. */
package community.arrakis.gatewayproxy.worker;
