package io.gregor.broker.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The broker's known keys with their types, defaults and allowed ranges, and the parse of raw
 * string values against them. Parsing either yields every known key's typed value or fails with a
 * {@link ConfigException} naming the first bad key. Immutable once built.
 */
final class ConfigDef {
    enum Type { INT, LONG, SHORT, DOUBLE, BOOLEAN, STRING, LIST }

    /**
     * One key; {@code defaultValue} null means "no default" (the key is optional or derived).
     * {@code min} and {@code max} bound numeric values; a DOUBLE key holds its bounds as
     * {@link Double#doubleToLongBits} bits.
     */
    record Key(String name, Type type, String defaultValue, long min, long max, Set<String> allowed) {
    }

    private final Map<String, Key> keys = new LinkedHashMap<>();

    ConfigDef define(String name, Type type, String defaultValue) {
        return define(name, type, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    ConfigDef define(String name, Type type, String defaultValue, long min, long max) {
        keys.put(name, new Key(name, type, defaultValue, min, max, Set.of()));
        return this;
    }

    /** A DOUBLE key whose value must lie in [{@code min}, {@code max}]. */
    ConfigDef defineDouble(String name, String defaultValue, double min, double max) {
        keys.put(name, new Key(name, Type.DOUBLE, defaultValue, Double.doubleToLongBits(min), Double.doubleToLongBits(max),
                Set.of()));
        return this;
    }

    ConfigDef defineEnum(String name, String defaultValue, String... allowed) {
        keys.put(name, new Key(name, Type.STRING, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE, Set.of(allowed)));
        return this;
    }

    boolean isKnown(String name) {
        return keys.containsKey(name);
    }

    Set<String> names() {
        return Collections.unmodifiableSet(keys.keySet());
    }

    /** The default of every key that has one, as text, by key name. */
    Map<String, String> defaults() {
        Map<String, String> result = new LinkedHashMap<>();
        keys.values().forEach(k -> {
            if (k.defaultValue() != null) {
                result.put(k.name(), k.defaultValue());
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** Typed values for every known key present in {@code raw} or with a default. */
    Map<String, Object> parse(Map<String, String> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Key key : keys.values()) {
            String text = raw.containsKey(key.name()) ? raw.get(key.name()) : key.defaultValue();
            if (text != null) {
                values.put(key.name(), parseValue(key, text.trim()));
            }
        }
        return values;
    }

    private static Object parseValue(Key key, String text) {
        switch (key.type()) {
            case INT, LONG, SHORT -> {
                long v;
                try {
                    v = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new ConfigException(key.name(), "'" + text + "'", "not a number");
                }
                long lo = key.type() == Type.INT ? Math.max(key.min(), Integer.MIN_VALUE)
                        : key.type() == Type.SHORT ? Math.max(key.min(), Short.MIN_VALUE) : key.min();
                long hi = key.type() == Type.INT ? Math.min(key.max(), Integer.MAX_VALUE)
                        : key.type() == Type.SHORT ? Math.min(key.max(), Short.MAX_VALUE) : key.max();
                if (v < lo || v > hi) {
                    throw new ConfigException(key.name(), text, "must be in [" + lo + ", " + hi + "]");
                }
                return key.type() == Type.INT ? (Object) (int) v : key.type() == Type.SHORT ? (Object) (short) v : (Object) v;
            }
            case DOUBLE -> {
                double v;
                try {
                    v = Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new ConfigException(key.name(), "'" + text + "'", "not a number");
                }
                double lo = Double.longBitsToDouble(key.min());
                double hi = Double.longBitsToDouble(key.max());
                if (!(v >= lo && v <= hi)) {
                    throw new ConfigException(key.name(), text, "must be in [" + lo + ", " + hi + "]");
                }
                return v;
            }
            case BOOLEAN -> {
                String lower = text.toLowerCase(Locale.ROOT);
                if (!lower.equals("true") && !lower.equals("false")) {
                    throw new ConfigException(key.name(), "'" + text + "'", "must be true or false");
                }
                return Boolean.parseBoolean(lower);
            }
            case LIST -> {
                List<String> items = new ArrayList<>();
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        items.add(part.trim());
                    }
                }
                return List.copyOf(items);
            }
            default -> {
                if (!key.allowed().isEmpty() && !key.allowed().contains(text)) {
                    throw new ConfigException(key.name(), "'" + text + "'", "must be one of " + key.allowed());
                }
                return text;
            }
        }
    }
}
