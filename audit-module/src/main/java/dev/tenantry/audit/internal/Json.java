package dev.tenantry.audit.internal;

import dev.tenantry.persistence.internal.JsonStrings;
import java.util.Map;

/** The little JSON the metadata needs: objects of strings, numbers, booleans and nested objects. */
final class Json {

    private Json() {
    }

    static String object(Map<String, ?> fields) {
        StringBuilder out = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(JsonStrings.quote(e.getKey()));
            out.append(':');
            value(out, e.getValue());
        }
        return out.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder out, Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
            out.append(v);
        } else if (v instanceof Map<?, ?> m) {
            out.append(object((Map<String, ?>) m));
        } else {
            out.append(JsonStrings.quote(String.valueOf(v)));
        }
    }
}
