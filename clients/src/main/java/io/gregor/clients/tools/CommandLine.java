package io.gregor.clients.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A small GNU-style option parser for the tools, shaped like Kafka's: {@code --name value},
 * {@code --name=value}, flags without a value, repeatable options. Unknown options, missing values
 * and repeated single options raise {@link UsageException}. Public for the tools of other modules
 * (e.g. {@code coordination.tools}).
 */
public final class CommandLine {
    /** How an option takes its value. */
    enum Arity { FLAG, REQUIRED, OPTIONAL }

    record Option(String name, Arity arity, String argName, String description, boolean repeatable, String defaultIfBare) {
    }

    /** A command-line mistake: the tool prints this message and its usage to stderr and exits 1. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    private final String summary;
    private final Map<String, Option> options = new LinkedHashMap<>();
    private final Map<String, List<String>> values = new HashMap<>();

    public CommandLine(String summary) {
        this.summary = summary;
        flag("help", "Print usage information.");
    }

    public CommandLine flag(String name, String description) {
        options.put(name, new Option(name, Arity.FLAG, null, description, false, null));
        return this;
    }

    public CommandLine option(String name, String argName, String description) {
        options.put(name, new Option(name, Arity.REQUIRED, argName, description, false, null));
        return this;
    }

    public CommandLine repeatable(String name, String argName, String description) {
        options.put(name, new Option(name, Arity.REQUIRED, argName, description, true, null));
        return this;
    }

    /** An option whose value may be left out, then meaning {@code defaultIfBare}. */
    public CommandLine optionalValue(String name, String argName, String description, String defaultIfBare) {
        options.put(name, new Option(name, Arity.OPTIONAL, argName, description, false, defaultIfBare));
        return this;
    }

    public CommandLine parse(String[] args) throws UsageException {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Option o = options.get(name);
            if (o == null) {
                throw new UsageException("'" + name + "' is not a recognized option");
            }
            String value;
            switch (o.arity) {
                case FLAG -> {
                    if (inline != null) {
                        throw new UsageException("Option --" + name + " does not take a value");
                    }
                    value = "true";
                }
                case REQUIRED -> {
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("Option --" + name + " requires an argument");
                    }
                }
                default -> {
                    if (inline != null) {
                        value = inline;
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                        value = args[++i];
                    } else {
                        value = o.defaultIfBare;
                    }
                }
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && !o.repeatable) {
                throw new UsageException("Option --" + name + " was given more than once");
            }
            list.add(value);
        }
        return this;
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        List<String> l = values.get(name);
        return l == null ? null : l.get(0);
    }

    /** The names of the options given on the command line. */
    public java.util.Set<String> given() {
        return java.util.Collections.unmodifiableSet(values.keySet());
    }

    public List<String> getAll(String name) {
        return values.getOrDefault(name, List.of());
    }

    public String required(String name) throws UsageException {
        String v = get(name);
        if (v == null) {
            throw new UsageException("Missing required argument \"[" + name + "]\"");
        }
        return v;
    }

    public int intValue(String name, int defaultValue) throws UsageException {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Option --" + name + ": '" + v + "' is not an integer");
        }
    }

    public long longValue(String name, long defaultValue) throws UsageException {
        String v = get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("Option --" + name + ": '" + v + "' is not a number");
        }
    }

    /** Repeated {@code key=value} options as an ordered map. */
    public Map<String, String> keyValues(String name) throws UsageException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : getAll(name)) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("Option --" + name + " expects key=value, got '" + kv + "'");
            }
            m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1));
        }
        return m;
    }

    /** Properties from the file named by option {@code name}, if given. */
    public Map<String, String> propertiesFile(String name) throws UsageException {
        String file = get(name);
        Map<String, String> m = new LinkedHashMap<>();
        if (file == null) {
            return m;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(file))) {
            p.load(r);
        } catch (IOException e) {
            throw new UsageException("Cannot read --" + name + " file " + file + ": " + e.getMessage());
        }
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    public void printUsage(PrintStream out) {
        out.println(summary);
        out.println("Option                                   Description");
        out.println("------                                   -----------");
        for (Option o : options.values()) {
            String left = "--" + o.name + (o.argName == null ? "" : o.arity == Arity.OPTIONAL
                    ? " [" + o.argName + "]" : " <" + o.argName + ">");
            out.printf("%-40s %s%n", left, o.description);
        }
    }
}
