package matcalc.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import matcalc.numeric.Point;
import matcalc.syntax.MatcalcException;
import matcalc.syntax.Suggest;

/**
 * A request's body: one JSON object whose members are named like the command line's long options
 * ({@code "expr"}, {@code "let"}, {@code "wrt"}, …), each checked against what the endpoint accepts
 * before anything is computed: an unknown member is named with the members that are accepted, a
 * member of the wrong JSON type or a missing one is refused. A {@code null} member counts as absent.
 */
final class Members {
    /** The JSON type a member must have. */
    enum Type {
        STRING("a string"), BOOLEAN("true or false"), OBJECT("a JSON object");

        final String words;

        Type(String words) {
            this.words = words;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, JsonNode> values;

    private Members(Map<String, JsonNode> values) {
        this.values = values;
    }

    /**
     * Reads and checks the body.
     *
     * @param accepted each member the endpoint takes, with its type, in the order error messages list them
     * @param required the members that must be there
     */
    static Members read(String body, Map<String, Type> accepted, List<String> required) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
            throw MatcalcException.general("the request body is not JSON" + where + ": " + Point.jacksonMessage(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw MatcalcException.general("the request body must be a JSON object of members, like "
                    + "{\"expr\": \"sum(x)\", \"wrt\": \"x\"} (the members: " + String.join(", ", accepted.keySet()) + ")");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
        while (it.hasNext()) {
            var e = it.next();
            Type type = accepted.get(e.getKey());
            if (type == null) {
                String near = Suggest.closest(e.getKey(), accepted.keySet()).map(n -> "; did you mean \"" + n + "\"?").orElse("");
                throw MatcalcException.general("unknown member \"" + printable(e.getKey()) + "\"" + near
                        + " (the members: " + String.join(", ", accepted.keySet()) + ")");
            }
            JsonNode v = e.getValue();
            if (v.isNull()) continue;
            boolean fits = switch (type) {
                case STRING -> v.isTextual();
                case BOOLEAN -> v.isBoolean();
                case OBJECT -> v.isObject();
            };
            if (!fits) {
                throw MatcalcException.general("member \"" + e.getKey() + "\" must be " + type.words + ", not " + kind(v));
            }
            values.put(e.getKey(), v);
        }
        List<String> missing = new ArrayList<>();
        for (String r : required) if (!values.containsKey(r)) missing.add("\"" + r + "\"");
        if (!missing.isEmpty()) {
            throw MatcalcException.general("missing member" + (missing.size() > 1 ? "s " : " ") + String.join(" and ", missing)
                    + " (required: " + String.join(", ", required) + ")");
        }
        return new Members(values);
    }

    /** A name as the message quotes it: control characters escaped, at most 40 characters. */
    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().limit(40).forEach(c -> {
            if (Character.isISOControl(c)) b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        return name.codePointCount(0, name.length()) > 40 ? b + "…" : b.toString();
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) return "a string";
        if (v.isNumber()) return "a number";
        if (v.isBoolean()) return "a boolean";
        if (v.isArray()) return "an array";
        return "an object";
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** A string member, or the default when it is absent. */
    String string(String name, String absent) {
        JsonNode v = values.get(name);
        return v == null ? absent : v.textValue();
    }

    boolean flag(String name) {
        JsonNode v = values.get(name);
        return v != null && v.booleanValue();
    }

    /** An object member as JSON text, or null when it is absent. */
    String object(String name) {
        JsonNode v = values.get(name);
        return v == null ? null : v.toString();
    }
}
