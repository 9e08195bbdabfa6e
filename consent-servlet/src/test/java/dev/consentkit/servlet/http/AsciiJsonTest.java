package dev.consentkit.servlet.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AsciiJsonTest {

    private static JsonNode parse(AsciiJson json) throws Exception {
        return Json.MAPPER.readTree(json.toString());
    }

    @Test
    void writesObjectsAndArraysWithTheCommasInPlace() throws Exception {
        AsciiJson json = new AsciiJson(4).startObject();
        json.name("a").number(1).name("b").startArray().string("x").bool(true).nullValue().number(-42).endArray();
        json.name("c").startObject().endObject().name("d").startArray().endArray().name("e").bool(false);
        json.endObject();

        assertThat(json.toString()).isEqualTo("{\"a\":1,\"b\":[\"x\",true,null,-42],\"c\":{},\"d\":[],\"e\":false}");
        assertThat(parse(json).get("b").size()).isEqualTo(4);
    }

    @Test
    void numbersAtTheLimits() {
        for (long n : new long[] {0, 9, 10, -1, Long.MAX_VALUE, Long.MIN_VALUE, 1_000_000_007L}) {
            AsciiJson json = new AsciiJson(1);
            assertThat(json.number(n).toString()).isEqualTo(Long.toString(n));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "</script><script>alert(1)</script>", "a'b\"c\\d", "<!--", "tab\tline\nreturn\r",
            "\u0000\u001f\u007f", "café", "日本語", "\u2028\u2029", "emoji \uD83D\uDE00", "lone \uD800 surrogate"})
    void stringsRoundTripAndCannotCloseTheElement(String text) throws Exception {
        AsciiJson json = new AsciiJson(8).startArray().string(text).endArray();
        String out = json.toString();

        assertThat(Json.MAPPER.readTree(out).get(0).asText()).isEqualTo(text);
        assertThat(out.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(out).doesNotContain("<", ">", "&", "'");
    }

    @Test
    void randomStringsRoundTrip() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            char[] chars = new char[random.nextInt(40)];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x80);
            }
            String text = new String(chars);
            AsciiJson json = new AsciiJson(1).startObject().name("k").string(text).endObject();
            // a lone surrogate's escape is read back as the same char: the round trip is exact
            assertThat(parse(json).get("k").asText()).isEqualTo(text);
        }
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() throws Exception {
        Random random = new Random(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int round = 0; round < 20_000; round++) {
            long seconds = min + (long) (random.nextDouble() * (max - min));
            if (round % 4 == 0) {
                seconds -= seconds % 60;                     // whole minutes: Instant still writes ":00"
            }
            int nano = switch (round % 5) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            assertThat(new AsciiJson(1).instant(instant).toString()).isEqualTo("\"" + instant + "\"");
        }
        for (Instant outside : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.EPOCH}) {
            assertThat(new AsciiJson(1).instant(outside).toString()).isEqualTo("\"" + outside + "\"");
        }
        assertThat(new AsciiJson(1).instant(null).toString()).isEqualTo("null");
    }

    @Test
    void uuidsAreCanonical() {
        Random random = new Random(3);
        for (int round = 0; round < 1_000; round++) {
            UUID id = new UUID(random.nextLong(), random.nextLong());
            assertThat(new AsciiJson(1).uuid(id).toString()).isEqualTo("\"" + id + "\"");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/webinars/launch/register", "/a b+c", "/café/日本", "/x?y=1&z=<2>", "/'\"", "/\uD800x", "*-._~!"})
    void urlsEncodeTheirValueAsUrlEncoderDoes(String value) throws Exception {
        AsciiJson json = new AsciiJson(1).startArray().url("/consent", "/cookies?page=", value).endArray();

        assertThat(Json.MAPPER.readTree(json.toString()).get(0).asText())
                .isEqualTo("/consent/cookies?page=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    @Test
    void rawTextMustBeAscii() {
        assertThatThrownBy(() -> new AsciiJson(4).raw("café")).isInstanceOf(IllegalArgumentException.class);
        assertThat(new AsciiJson(4).raw("<script>").startObject().endObject().toString()).isEqualTo("<script>{}");
    }

    @Test
    void aGivenBufferIsWrittenIntoAndReplacedOnlyWhenTooSmall() {
        byte[] kept = new byte[64];
        AsciiJson json = new AsciiJson(kept);
        json.startArray().string("fits").endArray();

        assertThat(json.buffer()).isSameAs(kept);
        assertThat(new String(kept, 0, json.length(), StandardCharsets.US_ASCII)).isEqualTo("[\"fits\"]");

        AsciiJson grown = new AsciiJson(kept).startObject().name("long").string("x".repeat(100)).endObject();
        assertThat(grown.buffer()).isNotSameAs(kept).hasSizeGreaterThanOrEqualTo(grown.length());
        assertThat(grown.toString()).isEqualTo("{\"long\":\"" + "x".repeat(100) + "\"}");
        assertThat(new AsciiJson(new byte[0]).startArray().endArray().toString()).isEqualTo("[]");
    }
}
