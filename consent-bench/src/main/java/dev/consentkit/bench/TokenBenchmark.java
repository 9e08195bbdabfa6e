package dev.consentkit.bench;

import dev.consentkit.core.ConsentState;
import dev.consentkit.core.Policy;
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

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The signed consent cookie: decoding with a cache hit (the common case: a visitor's cookie is
 * the same on every page), decoding without the cache (first sight: base64, HMAC-SHA256,
 * parsing), and encoding (a decision).
 *
 * <pre>java -jar consent-bench/target/benchmarks.jar TokenBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TokenBenchmark {

    private Policy policy;
    private ConsentState state;
    private String token;

    @Setup
    public void setUp() {
        policy = TestPolicies.example();
        state = policy.newState(null, Map.of("analytics", true, "marketing", false, "preferences", true));
        token = policy.tokens().encode(state);
        policy.tokens().decode(token, policy.revision());
    }

    @Benchmark
    public Optional<ConsentState> decodeCached() {
        return policy.tokens().decode(token, policy.revision());
    }

    @Benchmark
    public Optional<ConsentState> decodeUncached() {
        return policy.tokens().decodeVerified(token);
    }

    @Benchmark
    public String encode() {
        return policy.tokens().encode(state);
    }
}
