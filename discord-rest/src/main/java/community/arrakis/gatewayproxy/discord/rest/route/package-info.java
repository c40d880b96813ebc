/**
 * REST routes: templates with their method, whether they need the bot token, and how a compiled
 * route names its rate-limit bucket (method + template + top-level resource).
 */
package community.arrakis.gatewayproxy.discord.rest.route;
