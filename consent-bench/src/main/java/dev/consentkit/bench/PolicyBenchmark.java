package dev.consentkit.bench;

import dev.consentkit.core.Category;
import dev.consentkit.core.DeclarationKind;
import dev.consentkit.core.PageType;
import dev.consentkit.core.Policy;
import dev.consentkit.core.Regime;
import dev.consentkit.core.testing.TestPolicies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The compiled policy's per-request questions: classification of a cookie name (exact, prefix,
 * regular expression; declared and undeclared; a regular expression on a name seen before and
 * on one never seen, for a declared and an undeclared name), page type of a path, regime of a
 * country.
 *
 * <pre>java -jar consent-bench/target/benchmarks.jar PolicyBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PolicyBenchmark {

    private Policy policy;
    private String[] freshNames;
    private String[] freshDeclaredNames;
    private int next;

    @Setup
    public void setUp() {
        policy = TestPolicies.example();
        freshNames = new String[1 << 20];
        for (int i = 0; i < freshNames.length; i++) {
            freshNames[i] = "unknown_cookie_" + i; // more distinct names than the regex cache holds
        }
        freshDeclaredNames = new String[1 << 20];
        for (int i = 0; i < freshDeclaredNames.length; i++) {
            StringBuilder letters = new StringBuilder("_ad");
            for (int n = i, k = 0; k < 5; k++, n /= 26) {
                letters.append((char) ('a' + n % 26));
            }
            freshDeclaredNames[i] = letters.append("_id").toString(); // matches ^_ad[a-z]{1,8}_id$
        }
    }

    @Benchmark
    public Category classifyExact() {
        return policy.categoryOf(DeclarationKind.COOKIE, "JSESSIONID");
    }

    @Benchmark
    public Category classifyPrefix() {
        return policy.categoryOf(DeclarationKind.COOKIE, "_mx_3f2a9c");
    }

    @Benchmark
    public Category classifyRegexSeenBefore() {
        return policy.categoryOf(DeclarationKind.COOKIE, "_adnet_id");
    }

    @Benchmark
    public Category classifyRegexNeverSeen() {
        String name = freshDeclaredNames[next++ & (freshDeclaredNames.length - 1)];
        return policy.categoryOf(DeclarationKind.COOKIE, name);
    }

    @Benchmark
    public Category classifyUndeclaredSeenBefore() {
        return policy.categoryOf(DeclarationKind.COOKIE, "tracker_xyz");
    }

    @Benchmark
    public Category classifyUndeclaredNeverSeen() {
        String name = freshNames[next++ & (freshNames.length - 1)];
        return policy.categoryOf(DeclarationKind.COOKIE, name);
    }

    @Benchmark
    public PageType pageTypeOfARegistrationPath() {
        return policy.pageTypeFor("/webinars/product-launch/register");
    }

    @Benchmark
    public PageType pageTypeOfAnotherPath() {
        return policy.pageTypeFor("/static/css/site.css");
    }

    @Benchmark
    public Regime regimeOfACountry() {
        return policy.regimeFor("DE");
    }

    @Benchmark
    public Regime regimeOfAnUnknownRegion() {
        return policy.regimeFor("T1");
    }
}
