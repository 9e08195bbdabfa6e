package dev.consentkit.bench;

import dev.consentkit.core.Policy;
import dev.consentkit.core.tenant.PolicyRepository;
import dev.consentkit.core.testing.TestPolicies;
import dev.consentkit.servlet.ConsentFilter;
import dev.consentkit.servlet.ConsentOptions;
import dev.consentkit.servlet.testing.FakeRequest;
import dev.consentkit.servlet.testing.FakeResponse;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole filter on a registration page of 20 KB and of 2 MB, written through the writer or
 * the output stream, in memory (no network): the application alone ({@code baseline}), behind
 * ConsentKit for a visitor without a decision, and for one who accepted everything. With
 * {@code -prof gc}, the difference of {@code gc.alloc.rate.norm} to the baseline is what
 * ConsentKit allocates per request; that it is the same for both sizes shows that the memory a
 * response needs does not grow with the page.
 *
 * <pre>java -jar consent-bench/target/benchmarks.jar FilterBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FilterBenchmark {

    private static final int PIECE = 8192;

    @Param({"20000", "2000000"})
    public int size;

    @Param({"writer", "stream"})
    public String output;

    private ConsentFilter filter;
    private FilterChain application;
    private FakeRequest undecided;
    private FakeRequest decided;
    private FakeRequest plain;
    private final FakeResponse response = new FakeResponse();

    @Setup
    public void setUp() {
        Policy policy = TestPolicies.example();
        filter = new ConsentFilter(ConsentOptions.builder(PolicyRepository.of(policy)).build());
        String page = Pages.webinarPage(size);
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        application = (req, res) -> {
            HttpServletResponse r = (HttpServletResponse) res;
            r.addCookie(new Cookie("utm_attribution", "newsletter"));
            r.addCookie(new Cookie("srv_visit", "1"));
            r.setContentType("text/html;charset=UTF-8");
            if ("stream".equals(output)) {
                OutputStream out = r.getOutputStream();
                for (int i = 0; i < bytes.length; i += PIECE) {
                    out.write(bytes, i, Math.min(PIECE, bytes.length - i));
                }
                out.flush();
            } else {
                PrintWriter out = r.getWriter();
                for (int i = 0; i < page.length(); i += PIECE) {
                    out.write(page, i, Math.min(PIECE, page.length() - i));
                }
                out.flush();
            }
        };
        String path = "/webinars/product-launch/register";
        String accepted = policy.tokens().encode(policy.newState(null, Map.of("preferences", true, "analytics", true, "marketing", true)));
        plain = request(path);
        undecided = request(path);
        decided = request(path).cookie("consentkit", accepted).cookie("JSESSIONID", "node01abc");
    }

    private static FakeRequest request(String path) {
        return new FakeRequest("GET", path)
                .header("CF-IPCountry", "DE")
                .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.8")
                .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0 Safari/537.36");
    }

    @Benchmark
    public int baseline() throws IOException, ServletException {
        response.recycle();
        plain.clearAttributes();
        application.doFilter(plain, response);
        return response.bodySize();
    }

    @Benchmark
    public int withoutDecision() throws IOException, ServletException {
        response.recycle();
        undecided.clearAttributes();
        filter.doFilter(undecided, response, application);
        return response.bodySize();
    }

    @Benchmark
    public int withDecision() throws IOException, ServletException {
        response.recycle();
        decided.clearAttributes();
        filter.doFilter(decided, response, application);
        return response.bodySize();
    }
}
