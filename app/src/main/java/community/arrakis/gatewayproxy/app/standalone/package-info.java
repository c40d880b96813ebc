/** Standalone mode: the gateway client and the handlers in one process, joined by an in-process queue. */
package community.arrakis.gatewayproxy.app.standalone;
