package dev.consentkit.servlet.it;

import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentInitializer;
import dev.consentkit.servlet.FilterSettings;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The filter registered by class name from web.xml, and with zero configuration through the initializer. */
class RegistrationIT {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        String json = TestPolicies.exampleJson().replace("{ \"id\": \"k1\", \"secretEnv\": \"CONSENTKIT_KEY\" }",
                "{ \"id\": \"k1\", \"secret\": \"" + TestPolicies.TEST_SECRET + "\" }");
        Path file = dir.resolve("consentkit.json");
        Files.writeString(file, json);
        return file;
    }

    private static URI start(Server server, Handler handler) throws Exception {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(handler);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    private static void assertEnforced(URI base) throws Exception {
        Http http = new Http(base);
        HttpResponse<String> page = http.get("/webinars/launch/register?cookies=addCookie:utm_attribution", "CF-IPCountry", "DE");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("consentkit-bootstrap");
        assertThat(Http.cookieNames(page)).doesNotContain("utm_attribution");
        assertThat(http.get("/consent/state").statusCode()).isEqualTo(200);
    }

    @Test
    void webXml_registersTheFilterByClassName_withInitParameters() throws Exception {
        Path webapp = Files.createDirectories(dir.resolve("webapp/WEB-INF"));
        Files.writeString(webapp.resolve("web.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>consentkit</filter-name>
                    <filter-class>dev.consentkit.servlet.ConsentFilter</filter-class>
                    <async-supported>true</async-supported>
                    <init-param>
                      <param-name>consentkit.config</param-name>
                      <param-value>%s</param-value>
                    </init-param>
                    <init-param>
                      <param-name>consentkit.ledger.dataDirectory</param-name>
                      <param-value>%s</param-value>
                    </init-param>
                  </filter>
                  <filter-mapping>
                    <filter-name>consentkit</filter-name>
                    <url-pattern>/*</url-pattern>
                    <dispatcher>REQUEST</dispatcher>
                    <dispatcher>ERROR</dispatcher>
                    <dispatcher>ASYNC</dispatcher>
                  </filter-mapping>
                  <servlet>
                    <servlet-name>app</servlet-name>
                    <servlet-class>dev.consentkit.servlet.it.TestApp</servlet-class>
                  </servlet>
                  <servlet-mapping>
                    <servlet-name>app</servlet-name>
                    <url-pattern>/webinars/*</url-pattern>
                  </servlet-mapping>
                </web-app>
                """.formatted(config(), dir.resolve("ledger")));
        Server server = new Server();
        WebAppContext context = new WebAppContext(dir.resolve("webapp").toString(), "/");
        context.setParentLoaderPriority(true);
        try {
            URI base = start(server, context);
            assertEnforced(base);
            Http http = new Http(base);
            HttpResponse<String> decided = http.postJson("/consent/state", "{\"action\":\"accept-all\"}", "Origin", http.origin());
            assertThat(decided.statusCode()).isEqualTo(200);
        } finally {
            server.stop();
        }
        // the decision went to the H2 ledger under the configured folder
        assertThat(dir.resolve("ledger")).isDirectory();
    }

    @Test
    void zeroConfig_registersTheFilter_whenTheContextParameterIsSet() throws Exception {
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(FilterSettings.CONFIG, config().toString());
        context.addServletContainerInitializer(new ConsentInitializer());
        context.addServlet(new ServletHolder(new TestApp()), "/webinars/*");
        try {
            assertEnforced(start(server, context));
        } finally {
            server.stop();
        }
    }

    @Test
    void zeroConfig_doesNothing_withoutTheContextParameter() throws Exception {
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServletContainerInitializer(new ConsentInitializer());
        context.addServlet(new ServletHolder(new TestApp()), "/webinars/*");
        try {
            URI base = start(server, context);
            HttpResponse<String> page = new Http(base).get("/webinars/launch/register?cookies=addCookie:utm_attribution");
            assertThat(page.body()).doesNotContain("consentkit-bootstrap");
            assertThat(Http.cookieNames(page)).contains("utm_attribution");
        } finally {
            server.stop();
        }
    }

    @Test
    void theInitializer_isDiscoverableByContainers() {
        assertThat(ServiceLoader.load(ServletContainerInitializer.class).stream().map(ServiceLoader.Provider::type))
                .contains(ConsentInitializer.class);
    }

    @Test
    void aMissingConfiguration_stopsTheFilterWithAClearMessage() throws Exception {
        Server server = new Server();
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(FilterSettings.CONFIG, dir.resolve("nope.json").toString());
        context.addServletContainerInitializer(new ConsentInitializer());
        context.addServlet(new ServletHolder(new TestApp()), "/webinars/*");
        server.setHandler(context);
        try {
            ServerConnector connector = new ServerConnector(server);
            server.addConnector(connector);
            server.start();
            assertThat(context.isAvailable()).isFalse();
        } catch (Exception e) {
            assertThat(e).hasStackTraceContaining("is neither a file nor a folder");
        } finally {
            server.stop();
        }
    }
}
