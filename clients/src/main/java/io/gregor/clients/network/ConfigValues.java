package io.gregor.clients.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Client configuration as given by the user (Kafka's key names, values as strings or typed
 * objects), read once into the typed config records of each client. A value of the wrong type
 * raises {@link IllegalArgumentException} naming the key.
 */
public final class ConfigValues {
    private final Map<String, Object> values;

    public ConfigValues(Map<String, ?> values) {
        this.values = new HashMap<>(values);
    }

    public static ConfigValues of(Properties props) {
        Map<String, Object> m = new HashMap<>();
        for (String name : props.stringPropertyNames()) {
            m.put(name, props.getProperty(name));
        }
        return new ConfigValues(m);
    }

    public boolean contains(String key) {
        return values.containsKey(key);
    }

    public String getString(String key, String defaultValue) {
        Object v = values.get(key);
        return v == null ? defaultValue : v.toString().trim();
    }

    public int getInt(String key, int defaultValue) {
        long v = getLong(key, defaultValue);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("config " + key + "=" + v + " does not fit an int");
        }
        return (int) v;
    }

    public long getLong(String key, long defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config " + key + "=" + v + " is not a number");
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("config " + key + "=" + v + " is not true or false");
    }

    /** A comma-separated list (or a List value); blank entries dropped. */
    public List<String> getList(String key, List<String> defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> l) {
            l.forEach(x -> out.add(x.toString().trim()));
        } else {
            for (String s : v.toString().split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** The value must be one of {@code allowed} (case-insensitive); returns it lower-cased. */
    public String getChoice(String key, String defaultValue, String... allowed) {
        String v = getString(key, defaultValue).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new IllegalArgumentException("config " + key + "=" + v + " is not one of " + String.join(", ", allowed));
    }
}
