/** The runnable jar: the command line of every mode and the wiring of its parts. */
package community.arrakis.gatewayproxy.app;
