package dev.consentkit.servlet.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON in and out of ConsentKit's endpoints, and JSON that is safe inside an HTML page. */
public final class Json {

    /** Strict reading: duplicate keys, trailing tokens and deep or huge documents are errors. */
    public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(64 * 1024).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    /** Writes JSON that can sit in an HTML {@code <script>} element or attribute unharmed. */
    private static final JsonFactory HTML_SAFE = JsonFactory.builder().build().setCharacterEscapes(new HtmlSafeEscapes());

    private Json() {
    }

    /**
     * Writes with a generator whose strings cannot close a script element or an attribute.
     *
     * @param body writes one JSON value
     * @return the JSON text
     */
    public static String htmlSafe(JsonWriterBody body) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = HTML_SAFE.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes a JSON body with the headers every ConsentKit JSON response carries.
     *
     * @param response the response
     * @param status the HTTP status
     * @param body writes the JSON value
     * @throws IOException when the response cannot be written
     */
    public static void send(HttpServletResponse response, int status, JsonWriterBody body) throws IOException {
        send(response, status, "no-store", body);
    }

    /**
     * Writes a JSON body with the given {@code Cache-Control}.
     *
     * @param response the response
     * @param status the HTTP status
     * @param cacheControl the {@code Cache-Control} header value
     * @param body writes the JSON value
     * @throws IOException when the response cannot be written
     */
    public static void send(HttpServletResponse response, int status, String cacheControl, JsonWriterBody body) throws IOException {
        String json = htmlSafe(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", cacheControl);
        response.setHeader("X-Content-Type-Options", "nosniff");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Sends an error: {@code {"error": code, "message": message}}.
     *
     * @param status a 4xx or 5xx status
     * @param code a stable machine-readable code such as {@code "forbidden-origin"}
     * @param message a sentence for humans; never a stack trace
     * @param response the response; nothing is sent when it is already committed
     * @throws IOException when the response cannot be written
     */
    public static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        send(response, status, g -> {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        });
    }

    /**
     * Parses with the strict mapper's factory.
     *
     * @param body the request body
     * @return a parser that rejects duplicate keys and deep or huge documents
     * @throws IOException when the parser cannot be created
     */
    public static JsonParser parser(byte[] body) throws IOException {
        return MAPPER.getFactory().createParser(body);
    }

    /** Writes one JSON value. */
    @FunctionalInterface
    public interface JsonWriterBody {
        /**
         * Writes the value.
         *
         * @param generator the generator to write to
         * @throws IOException when writing fails
         */
        void write(JsonGenerator generator) throws IOException;
    }

    /** Escapes {@code < > & '} and the JavaScript line terminators U+2028/U+2029. */
    private static final class HtmlSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        HtmlSafeEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
            table['\''] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch == 0x2028) {
                return new SerializedString("\\u2028");
            }
            if (ch == 0x2029) {
                return new SerializedString("\\u2029");
            }
            return null;
        }
    }
}
