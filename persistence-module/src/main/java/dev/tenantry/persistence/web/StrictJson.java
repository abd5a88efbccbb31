package dev.tenantry.persistence.web;

import dev.tenantry.persistence.errors.MalformedBodyException;
import jakarta.annotation.Priority;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Reads JSON request bodies strictly before the JSON binding does: exactly one JSON value with
 * nothing after it, nested at most {@value #MAX_DEPTH} levels, and every field of the target type
 * given a JSON value of its kind — text for {@code String}, {@code UUID}, enums and times, a number
 * for numbers, {@code true}/{@code false} for booleans, an object for records and classes, an array
 * for collections. JSON-B implementations are lenient where it matters (Yasson reads {@code 123} into
 * a {@code String}, {@code "yes"} into a {@code boolean}, and ignores content after the first value);
 * anything refused here is a {@link MalformedBodyException} (400) naming the field, or 415 when the
 * body is no JSON because it came compressed ({@code Content-Encoding}) and nothing decoded it. {@code null} is
 * left to Bean Validation; unknown fields are left to the binding. Active for every JSON request
 * body of an application that includes Tenantry; thread-safe.
 */
@Provider
@Priority(Priorities.ENTITY_CODER)
public class StrictJson implements ReaderInterceptor {

    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_DEPTH = 64;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        if (body.length > 0 && !isBlank(body)) {
            JsonValue value;
            try {
                value = read(body);
            } catch (MalformedBodyException e) {
                throw encoded(context.getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING), e);
            }
            check(value, context.getType(), null, 0);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /**
     * A body that is no JSON because it was sent compressed (say {@code Content-Encoding: gzip}) and no
     * decoder of the application opened it: 415 with {@code Accept-Encoding: identity} (RFC 9110,
     * 15.5.16), not a syntax error of the client's JSON.
     */
    private static RuntimeException encoded(String coding, MalformedBodyException notJson) {
        if (coding == null || coding.isBlank() || coding.strip().equalsIgnoreCase("identity")) {
            return notJson;
        }
        return new NotSupportedException("The request body's content coding is not supported; send it uncompressed",
                Response.status(Response.Status.UNSUPPORTED_MEDIA_TYPE).header(HttpHeaders.ACCEPT_ENCODING, "identity").build());
    }

    private static JsonValue read(byte[] body) {
        depthWithin(body);
        try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readValue();
        } catch (JsonException e) {
            throw new MalformedBodyException(null, "is not valid JSON");
        } catch (ArithmeticException | NumberFormatException e) {
            throw new MalformedBodyException(null, "holds a number out of range");
        }
    }

    /** Streams the body once: syntax, depth, and nothing after the first value. */
    private static void depthWithin(byte[] body) {
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            int depth = 0;
            boolean started = false;
            while (parser.hasNext()) {
                if (started && depth == 0) {
                    throw new MalformedBodyException(null, "has content after the JSON value");
                }
                JsonParser.Event event = parser.next();
                started = true;
                if (event == JsonParser.Event.START_ARRAY || event == JsonParser.Event.START_OBJECT) {
                    if (++depth > MAX_DEPTH) {
                        throw new MalformedBodyException(null, "is nested deeper than " + MAX_DEPTH + " levels");
                    }
                } else if (event == JsonParser.Event.END_ARRAY || event == JsonParser.Event.END_OBJECT) {
                    depth--;
                }
            }
        } catch (JsonException e) {
            throw new MalformedBodyException(null, "is not valid JSON");
        } catch (ArithmeticException | NumberFormatException e) {
            throw new MalformedBodyException(null, "holds a number out of range");
        }
    }

    private static void check(JsonValue value, Class<?> type, String field, int level) {
        if (value.getValueType() == JsonValue.ValueType.NULL || type == null || level > MAX_DEPTH) {
            return;
        }
        JsonValue.ValueType kind = value.getValueType();
        if (type == String.class || type == UUID.class || type.isEnum() || type == Character.class || type == char.class
                || Temporal.class.isAssignableFrom(type)) {
            expect(kind == JsonValue.ValueType.STRING, field, "must be text");
        } else if (type == boolean.class || type == Boolean.class) {
            expect(kind == JsonValue.ValueType.TRUE || kind == JsonValue.ValueType.FALSE, field, "must be true or false");
        } else if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            expect(kind == JsonValue.ValueType.NUMBER, field, "must be a number");
        } else if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            expect(kind == JsonValue.ValueType.ARRAY, field, "must be an array");
            if (type.isArray()) {
                for (JsonValue element : (JsonArray) value) {
                    check(element, type.getComponentType(), field, level + 1);
                }
            }
        } else if (type.isRecord()) {
            expect(kind == JsonValue.ValueType.OBJECT, field, "must be an object");
            JsonObject object = (JsonObject) value;
            for (RecordComponent c : type.getRecordComponents()) {
                JsonValue v = object.get(c.getName());
                if (v != null) {
                    check(v, c.getType(), c.getName(), level + 1);
                }
            }
        } else if (isBean(type)) {
            expect(kind == JsonValue.ValueType.OBJECT, field, "must be an object");
            JsonObject object = (JsonObject) value;
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    JsonValue v = Modifier.isStatic(f.getModifiers()) ? null : object.get(f.getName());
                    if (v != null) {
                        check(v, f.getType(), f.getName(), level + 1);
                    }
                }
            }
        }
        // anything else (Object, Map, JsonValue, types of other libraries): left to the binding
    }

    private static boolean isBean(Class<?> type) {
        return !type.isInterface() && type != Object.class && !Map.class.isAssignableFrom(type)
                && !JsonValue.class.isAssignableFrom(type) && !InputStream.class.isAssignableFrom(type)
                && !type.getName().startsWith("java.") && !type.getName().startsWith("jakarta.");
    }

    private static void expect(boolean ok, String field, String problem) {
        if (!ok) {
            throw new MalformedBodyException(field, problem);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
