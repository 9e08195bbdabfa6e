package dev.consentkit.servlet.it;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/** A real embedded servlet container running a filter in front of servlets. */
public interface ServletContainer extends AutoCloseable {

    /** The base URI, such as {@code http://127.0.0.1:41234}. */
    URI base();

    @Override
    void close() throws Exception;

    /** Starts Jetty 12 (ee10) or Tomcat 11 with the filter on {@code /*} and the servlets at their patterns. */
    static ServletContainer start(String kind, Filter filter, Map<String, HttpServlet> servlets) throws Exception {
        return switch (kind) {
            case "jetty" -> Jetty.start(filter, servlets);
            case "tomcat" -> TomcatContainer.start(filter, servlets);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Answers 404 for paths nothing else maps. */
    final class NotFoundServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp)
                throws IOException {
            resp.sendError(404);
        }
    }

    /** Jetty 12, ee10. */
    final class Jetty implements ServletContainer {
        private final Server server;
        private final URI base;

        private Jetty(Server server, URI base) {
            this.server = server;
            this.base = base;
        }

        static Jetty start(Filter filter, Map<String, HttpServlet> servlets) throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setContextPath("/");
            FilterHolder holder = new FilterHolder(filter);
            holder.setAsyncSupported(true);
            context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ERROR, DispatcherType.ASYNC));
            servlets.forEach((pattern, servlet) -> {
                ServletHolder sh = new ServletHolder(servlet);
                sh.setAsyncSupported(true);
                context.addServlet(sh, pattern);
            });
            server.setHandler(context);
            server.start();
            return new Jetty(server, URI.create("http://127.0.0.1:" + connector.getLocalPort()));
        }

        @Override
        public URI base() {
            return base;
        }

        @Override
        public void close() throws Exception {
            server.stop();
        }

        @Override
        public String toString() {
            return "Jetty 12";
        }
    }

    /** Tomcat 11. */
    final class TomcatContainer implements ServletContainer {
        private final Tomcat tomcat;
        private final Path baseDir;
        private final URI base;

        private TomcatContainer(Tomcat tomcat, Path baseDir, URI base) {
            this.tomcat = tomcat;
            this.baseDir = baseDir;
            this.base = base;
        }

        static TomcatContainer start(Filter filter, Map<String, HttpServlet> servlets) throws LifecycleException, IOException {
            Path dir = Files.createTempDirectory("consentkit-tomcat");
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(dir.toString());
            tomcat.setHostname("127.0.0.1");
            tomcat.getConnector().setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", dir.toString());
            FilterDef def = new FilterDef();
            def.setFilterName("consentkit");
            def.setFilter(filter);
            def.setAsyncSupported("true");
            context.addFilterDef(def);
            FilterMap map = new FilterMap();
            map.setFilterName("consentkit");
            map.addURLPattern("/*");
            map.setDispatcher("REQUEST");
            map.setDispatcher("ERROR");
            map.setDispatcher("ASYNC");
            context.addFilterMap(map);
            // like a real application, a default servlet answers what nothing else maps; Tomcat runs
            // filters only for requests that reach a servlet
            Tomcat.addServlet(context, "default", new NotFoundServlet());
            context.addServletMappingDecoded("/", "default");
            int i = 0;
            for (var e : servlets.entrySet()) {
                String name = "servlet" + i++;
                Tomcat.addServlet(context, name, e.getValue()).setAsyncSupported(true);
                context.addServletMappingDecoded(e.getKey(), name);
            }
            tomcat.start();
            return new TomcatContainer(tomcat, dir, URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort()));
        }

        @Override
        public URI base() {
            return base;
        }

        @Override
        public void close() throws Exception {
            tomcat.stop();
            tomcat.destroy();
            try (var files = Files.walk(baseDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        @Override
        public String toString() {
            return "Tomcat 11";
        }
    }
}
