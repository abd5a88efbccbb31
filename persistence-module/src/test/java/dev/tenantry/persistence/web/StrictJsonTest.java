package dev.tenantry.persistence.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.errors.MalformedBodyException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    enum Role { VIEWER, OWNER }

    record Input(String title, boolean publish, Integer size, Role role, UUID id, List<String> tags, Nested nested) {
    }

    record Nested(String name) {
    }

    @Test
    void wellTypedBodiesPassUnchangedAndNullsAreLeftToValidation() throws IOException {
        String body = "{\"title\":\"t\",\"publish\":true,\"size\":3,\"role\":\"OWNER\",\"id\":\"" + UUID.randomUUID()
                + "\",\"tags\":[\"a\"],\"nested\":{\"name\":\"n\"},\"unknown\":{\"x\":[1,2]}}";
        assertThat(read(body, Input.class)).isEqualTo(body);
        assertThat(read("{\"title\":null,\"publish\":null}", Input.class)).contains("null");
        assertThat(read("  ", Input.class)).isEqualTo("  ");
        assertThat(read("[1, 2]", Object.class)).isEqualTo("[1, 2]");
    }

    @Test
    void illTypedFieldsAreRefusedNamingTheField() {
        for (String[] c : new String[][] {{"{\"title\":123}", "title"}, {"{\"title\":[\"x\"]}", "title"},
                {"{\"title\":{}}", "title"}, {"{\"publish\":\"yes\"}", "publish"}, {"{\"publish\":1}", "publish"},
                {"{\"size\":\"3\"}", "size"}, {"{\"role\":5}", "role"}, {"{\"id\":7}", "id"}, {"{\"tags\":\"a\"}", "tags"},
                {"{\"nested\":{\"name\":false}}", "name"}, {"{\"nested\":\"n\"}", "nested"}}) {
            assertThatThrownBy(() -> read(c[0], Input.class)).as(c[0]).isInstanceOfSatisfying(MalformedBodyException.class,
                    e -> assertThat(e.field()).contains(c[1]));
        }
        assertThatThrownBy(() -> read("[]", Input.class)).isInstanceOf(MalformedBodyException.class);
        assertThatThrownBy(() -> read("\"text\"", Input.class)).isInstanceOf(MalformedBodyException.class);
    }

    @Test
    void contentAfterTheValueBadSyntaxAndDeepNestingAreRefused() throws IOException {
        for (String body : List.of("{\"title\":\"x\"}}", "{\"title\":\"x\"} trailing", "{} {}", "{\"title\":\"x\"", "{",
                "nul", "{'a':1}", "{\"a\":1,}", "[".repeat(65) + "]".repeat(65), "\"unterminated",
                "{\"size\":1e99999999999}", "{\"unknown\":-1E+2147483648}")) {
            assertThatThrownBy(() -> read(body, Input.class)).as(body).isInstanceOf(MalformedBodyException.class)
                    .hasMessageNotContaining("title\":");
        }
        assertThat(read("[".repeat(64) + "]".repeat(64), Object.class)).startsWith("[[");
    }

    @Test
    void aCompressedBodyThatNothingDecodedIs415AskingForIdentity() throws IOException {
        byte[] gzip;
        try (var bytes = new java.io.ByteArrayOutputStream(); var zip = new java.util.zip.GZIPOutputStream(bytes)) {
            zip.write("{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8));
            zip.finish();
            gzip = bytes.toByteArray();
        }
        for (String coding : List.of("gzip", "deflate", "br", "x-unknown")) {
            Context c = new Context(gzip, Input.class, MediaType.APPLICATION_JSON_TYPE, coding);
            assertThatThrownBy(() -> new StrictJson().aroundReadFrom(c)).as(coding)
                    .isInstanceOfSatisfying(NotSupportedException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(415);
                        assertThat(e.getResponse().getHeaderString(HttpHeaders.ACCEPT_ENCODING)).isEqualTo("identity");
                    });
        }
        // uncompressed: a syntax error stays the client's 400, whatever the header says; a decoded body passes
        for (String coding : List.of("identity", " ", "IDENTITY")) {
            Context c = new Context("{".getBytes(StandardCharsets.UTF_8), Input.class, MediaType.APPLICATION_JSON_TYPE, coding);
            assertThatThrownBy(() -> new StrictJson().aroundReadFrom(c)).as(coding).isInstanceOf(MalformedBodyException.class);
        }
        Context decoded = new Context("{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8), Input.class,
                MediaType.APPLICATION_JSON_TYPE, "gzip");
        assertThat(new StrictJson().aroundReadFrom(decoded)).isEqualTo("{\"title\":\"x\"}");
        // and the problem says what to do
        jakarta.ws.rs.core.Response problem = new dev.tenantry.persistence.errors.ProblemDetailsMapper().toResponse(
                new NotSupportedException(jakarta.ws.rs.core.Response.status(415).header(HttpHeaders.ACCEPT_ENCODING, "identity").build()));
        assertThat(problem.getStatus()).isEqualTo(415);
        assertThat(problem.getHeaderString(HttpHeaders.ACCEPT_ENCODING)).isEqualTo("identity");
        assertThat((String) problem.getEntity()).contains("uncompressed");
    }

    @Test
    void otherMediaTypesAreNotTouched() throws IOException {
        Context c = new Context("{{{ not json", String.class, MediaType.TEXT_PLAIN_TYPE);
        assertThat(new StrictJson().aroundReadFrom(c)).isEqualTo("{{{ not json");
    }

    private static String read(String body, Class<?> type) throws IOException {
        return (String) new StrictJson().aroundReadFrom(new Context(body, type, MediaType.APPLICATION_JSON_TYPE));
    }

    /** A reader context whose "binding" returns the body it is handed. */
    private static final class Context implements ReaderInterceptorContext {
        private InputStream in;
        private final Class<?> type;
        private final MediaType mediaType;
        private final MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();

        Context(String body, Class<?> type, MediaType mediaType) {
            this(body.getBytes(StandardCharsets.UTF_8), type, mediaType, null);
        }

        Context(byte[] body, Class<?> type, MediaType mediaType, String contentEncoding) {
            this.in = new ByteArrayInputStream(body);
            this.type = type;
            this.mediaType = mediaType;
            if (contentEncoding != null) {
                headers.putSingle(HttpHeaders.CONTENT_ENCODING, contentEncoding);
            }
        }

        @Override public Object proceed() throws IOException { return new String(in.readAllBytes(), StandardCharsets.UTF_8); }
        @Override public InputStream getInputStream() { return in; }
        @Override public void setInputStream(InputStream is) { in = is; }
        @Override public MultivaluedMap<String, String> getHeaders() { return headers; }
        @Override public Object getProperty(String name) { return null; }
        @Override public Collection<String> getPropertyNames() { return List.of(); }
        @Override public void setProperty(String name, Object object) { }
        @Override public void removeProperty(String name) { }
        @Override public Annotation[] getAnnotations() { return new Annotation[0]; }
        @Override public void setAnnotations(Annotation[] annotations) { }
        @Override public Class<?> getType() { return type; }
        @Override public void setType(Class<?> type) { }
        @Override public Type getGenericType() { return type; }
        @Override public void setGenericType(Type genericType) { }
        @Override public MediaType getMediaType() { return mediaType; }
        @Override public void setMediaType(MediaType mediaType) { }
    }
}
