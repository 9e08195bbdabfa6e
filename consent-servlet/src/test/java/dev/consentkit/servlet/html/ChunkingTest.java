package dev.consentkit.servlet.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A document cut into writes at any point, through the writer or the stream in any charset,
 * comes out exactly as the one-shot rewrite of the whole document.
 */
class ChunkingTest {

    private static final List<Supplier<TestPolicy>> POLICIES = List.of(
            TestPolicy::standard,
            () -> TestPolicy.standard().grant("analytics"),
            () -> TestPolicy.standard().grant("analytics", "marketing", "preferences"));

    private static final Charset UTF_16 = StandardCharsets.UTF_16;

    private int cases;

    @Test
    void handWrittenPages_cutAtEveryBoundary_comeOutAsInOneShot() {
        int p = 0;
        for (String page : WebinarPages.all()) {
            Supplier<TestPolicy> policy = POLICIES.get(p++ % POLICIES.size());
            everyCut(page, policy, true);
        }
        assertThat(cases).isGreaterThan(30_000);
    }

    @Test
    void generatedDocuments_cutAtEveryBoundary_comeOutAsInOneShot() {
        for (int seed = 0; seed < 240; seed++) {
            RandomHtml generator = new RandomHtml(seed);
            String document = generator.document(2 + generator.random().nextInt(14));
            // decoding UTF-16 costs more per stream: every cut for a quarter of the documents
            everyCut(document, POLICIES.get(seed % POLICIES.size()), seed % 4 == 0);
        }
        assertThat(cases).isGreaterThan(80_000);
    }

    @Test
    void largeDocuments_cutAtRandom_comeOutAsInOneShot() {
        Random random = new Random(42);
        for (int d = 0; d < 3; d++) {
            String document = largeDocument(random, 150_000 + d * 50_000);
            Supplier<TestPolicy> policy = POLICIES.get(d);
            String expected = HtmlRewriter.rewrite(document, policy.get());
            byte[] utf8 = document.getBytes(StandardCharsets.UTF_8);
            byte[] expectedUtf8 = expected.getBytes(StandardCharsets.UTF_8);
            byte[] utf16 = document.getBytes(StandardCharsets.UTF_16BE);
            byte[] expectedUtf16 = expected.getBytes(StandardCharsets.UTF_16BE);
            for (int round = 0; round < 60; round++) {
                int maxChunk = round % 3 == 0 ? 16 : round % 3 == 1 ? 4096 : 70_000;
                assertThat(writerChunked(document, randomCuts(random, document.length(), maxChunk), random, policy.get()))
                        .isEqualTo(expected);
                assertThat(streamChunked(utf8, StandardCharsets.UTF_8, randomCuts(random, utf8.length, maxChunk), random, policy.get()))
                        .isEqualTo(expectedUtf8);
                if (round % 4 == 0) {
                    assertThat(streamChunked(utf16, UTF_16, randomCuts(random, utf16.length, maxChunk), random, policy.get()))
                            .isEqualTo(expectedUtf16);
                }
                cases += 2;
            }
        }
        assertThat(cases).isGreaterThanOrEqualTo(360);
    }

    @Test
    void randomBytes_cutAtEveryBoundary_comeOutAsInOneShot() {
        Random random = new Random(99);
        byte[] alphabet = "<>!-/?\"'= \t\nabscriptframeSRC&#;[]CDATA".getBytes(StandardCharsets.US_ASCII);
        for (int d = 0; d < 200; d++) {
            byte[] document = new byte[20 + random.nextInt(200)];
            for (int i = 0; i < document.length; i++) {
                document[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            Supplier<TestPolicy> policy = POLICIES.get(d % POLICIES.size());
            for (Charset charset : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, UTF_16}) {
                byte[] expected = streamChunked(document, charset, new int[0], random, policy.get());
                for (int cut = 1; cut < document.length; cut++) {
                    assertThat(streamChunked(document, charset, new int[] {cut}, null, policy.get()))
                            .as("%s cut at %d of %s", charset, cut, Arrays.toString(document))
                            .isEqualTo(expected);
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(50_000);
    }

    @Test
    void writerEncodingIntoAStream_cutAtEveryBoundary_comeOutAsTheRewriteEncoded() {
        List<String> documents = new ArrayList<>();
        for (String page : WebinarPages.all()) {
            documents.add(page.replace("</body>", "<p>Gr\u00fc\u00dfe \uD83D\uDE00 \u20ac \uD83D lone</p></body>"));
        }
        for (int seed = 0; seed < 40; seed++) {
            RandomHtml generator = new RandomHtml(seed);
            documents.add(generator.document(2 + generator.random().nextInt(10)) + "\uD83C\uDF89\u00e9");
        }
        int d = 0;
        for (String document : documents) {
            Supplier<TestPolicy> policy = POLICIES.get(d++ % POLICIES.size());
            String expected = HtmlRewriter.rewrite(document, policy.get());
            for (Charset charset : new Charset[] {StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1, Charset.forName("windows-1252")}) {
                byte[] expectedBytes = expected.getBytes(charset);
                for (int cut = 0; cut <= document.length(); cut++) {
                    assertThat(encodedChunked(document, charset, new int[] {cut}, null, policy.get().inPieces()))
                            .as("%s cut at %d of %s", charset, cut, document)
                            .isEqualTo(expectedBytes);
                    cases++;
                }
                Random random = new Random(document.hashCode());
                for (int round = 0; round < 20; round++) {
                    assertThat(encodedChunked(document, charset, randomCuts(random, document.length(), 8), random, policy.get().inPieces()))
                            .isEqualTo(expectedBytes);
                    cases++;
                }
            }
        }
        assertThat(cases).isGreaterThan(30_000);
    }

    /**
     * Writes {@code document} to {@code out} cut at the given points, each piece as one char, a
     * slice of a larger array or a string range, with random flushes (none when random is null).
     */
    private static void writeInPieces(Writer out, String document, int[] cuts, Random random) throws IOException {
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : document.length();
            int n = to - from;
            if (n == 1 && random != null && random.nextBoolean()) {
                out.write(document.charAt(from));
            } else if (random != null && random.nextBoolean()) {
                char[] padded = new char[n + 5];
                document.getChars(from, to, padded, 3);
                out.write(padded, 3, n);
            } else {
                out.write(document, from, n);
            }
            if (random != null && random.nextInt(4) == 0) {
                out.flush();
            }
            from = to;
        }
    }

    /** Writes through {@link HtmlRewriter#rewritingInto}, cut at the given points, with random flushes. */
    private static byte[] encodedChunked(String document, Charset charset, int[] cuts, Random random, TestPolicy policy) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Writer out = HtmlRewriter.rewritingInto(sink, charset, policy)) {
            writeInPieces(out, document, cuts, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    /** One cut at every position, then a few random partitions, through all variants. */
    private void everyCut(String document, Supplier<TestPolicy> policy, boolean everyUtf16Cut) {
        String expected = HtmlRewriter.rewrite(document, policy.get());
        String latin = new String(document.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
        String expectedLatin = HtmlRewriter.rewrite(latin, policy.get());
        List<Object[]> variants = List.of(
                new Object[] {document.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, expected.getBytes(StandardCharsets.UTF_8)},
                new Object[] {latin.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1,
                    expectedLatin.getBytes(StandardCharsets.ISO_8859_1)},
                new Object[] {document.getBytes(StandardCharsets.UTF_16BE), UTF_16, expected.getBytes(StandardCharsets.UTF_16BE)});
        for (int cut = 0; cut <= document.length(); cut++) {
            assertThat(writerChunked(document, new int[] {cut}, null, policy.get()))
                    .as("writer cut at %d of %s", cut, document)
                    .isEqualTo(expected);
            cases++;
        }
        for (Object[] variant : variants) {
            byte[] bytes = (byte[]) variant[0];
            Charset charset = (Charset) variant[1];
            int step = charset == UTF_16 && !everyUtf16Cut ? 7 : 1;
            for (int cut = 0; cut <= bytes.length; cut += step) {
                assertThat(streamChunked(bytes, charset, new int[] {cut}, null, policy.get()))
                        .as("%s cut at %d of %s", charset, cut, document)
                        .isEqualTo((byte[]) variant[2]);
                cases++;
            }
        }
        Random random = new Random(document.hashCode());
        for (int round = 0; round < 20; round++) {
            assertThat(writerChunked(document, randomCuts(random, document.length(), 8), random, policy.get()))
                    .isEqualTo(expected);
            for (Object[] variant : variants) {
                byte[] bytes = (byte[]) variant[0];
                assertThat(streamChunked(bytes, (Charset) variant[1], randomCuts(random, bytes.length, 8), random, policy.get()))
                        .isEqualTo((byte[]) variant[2]);
            }
            cases += 4;
        }
    }

    /** Writes through a {@link RewritingWriter}, cut at the given points, with random flushes. */
    private static String writerChunked(String document, int[] cuts, Random random, TestPolicy policy) {
        StringWriter sink = new StringWriter();
        try (RewritingWriter out = HtmlRewriter.rewriting(sink, policy)) {
            writeInPieces(out, document, cuts, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toString();
    }

    /** Writes through a {@link RewritingOutputStream}, cut at the given points, with random flushes. */
    private static byte[] streamChunked(byte[] document, Charset charset, int[] cuts, Random random, TestPolicy policy) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (RewritingOutputStream out = HtmlRewriter.rewriting(sink, charset, policy)) {
            int from = 0;
            for (int i = 0; i <= cuts.length; i++) {
                int to = i < cuts.length ? cuts[i] : document.length;
                int n = to - from;
                if (n == 1 && random != null && random.nextBoolean()) {
                    out.write(document[from]);
                } else if (random != null && random.nextBoolean()) {
                    byte[] padded = new byte[n + 7];
                    System.arraycopy(document, from, padded, 5, n);
                    out.write(padded, 5, n);
                } else {
                    out.write(document, from, n);
                }
                if (random != null && random.nextInt(4) == 0) {
                    out.flush();
                }
                from = to;
            }
            out.finish();
            assertThat(out.bytesWritten()).isEqualTo(sink.size());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink.toByteArray();
    }

    /** Sorted cut points with gaps of 1 to maxChunk. */
    private static int[] randomCuts(Random random, int length, int maxChunk) {
        List<Integer> cuts = new ArrayList<>();
        for (int at = 1 + random.nextInt(maxChunk); at < length; at += 1 + random.nextInt(maxChunk)) {
            cuts.add(at);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Hand-written pages and generated HTML, with a tag longer than the bound now and then. */
    private static String largeDocument(Random random, int length) {
        StringBuilder b = new StringBuilder(length + 100_000);
        RandomHtml generator = new RandomHtml(random.nextLong());
        while (b.length() < length) {
            switch (random.nextInt(6)) {
                case 0 -> b.append(WebinarPages.all().get(random.nextInt(3)));
                case 1 -> b.append("<script data-pad=\"").append("x".repeat(HeldTag.MAX_LENGTH - 40 + random.nextInt(80)))
                        .append("\" src=https://ads.example/m.js></script>");
                default -> b.append(generator.document(20));
            }
        }
        return b.toString();
    }
}
