/**
 * The ConsentKit demo: a runnable fictional webinar platform on embedded Jetty 12 that shows
 * every feature of ConsentKit, with two organizers (tenants), demo third-party vendors that
 * really write cookies and browser storage, a demo-only region switch and the admin dashboard.
 *
 * <p>Start it with {@code java -jar consent-demo/target/consent-demo.jar --port 8080}; see
 * {@link dev.consentkit.demo.DemoMain} for the command line.
 */
package dev.consentkit.demo;
