package io.gregor.broker.handlers.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.gregor.clients.protocol.Errors;
import io.gregor.coordination.admin.AdminException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The BROKER_LOGGER (8) resource as Kafka's Log4jController serves it, over logback: the loggers
 * of this broker's JVM with their effective levels ({@code root} for the root logger), and their
 * levels changed at run time (SET a level, DELETE to inherit again; not kept across a restart, as
 * in Kafka). Thread-safe (logback's loggers are).
 */
final class BrokerLoggerResource {
    static final byte BROKER_LOGGER = 8;
    private static final String ROOT = "root";
    private static final List<String> LEVELS = List.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE");

    private final int brokerId;

    BrokerLoggerResource(int brokerId) {
        this.brokerId = brokerId;
    }

    private LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            return context;
        }
        throw new AdminException(Errors.INVALID_REQUEST, "Broker loggers are not available: the logging backend is "
                + factory.getClass().getName());
    }

    private void checkName(String name) {
        if (!name.equals(Integer.toString(brokerId))) {
            throw new AdminException(Errors.INVALID_REQUEST, "Unexpected broker id, expected " + brokerId + ", but received " + name);
        }
    }

    /** Every logger with its effective level, by name. */
    Map<String, String> loggers(String resourceName) {
        checkName(resourceName);
        Map<String, String> result = new TreeMap<>();
        for (Logger logger : context().getLoggerList()) {
            String name = logger.getName().equals(Logger.ROOT_LOGGER_NAME) ? ROOT : logger.getName();
            result.put(name, logger.getEffectiveLevel().toString());
        }
        return result;
    }

    /** Sets ({@code level} non-null) or unsets (null: inherit again) the level of {@code loggerName}. */
    void setLevel(String resourceName, String loggerName, String level, boolean validateOnly) {
        checkName(resourceName);
        String prefix = "Invalid config value for resource ConfigResource(type=BROKER_LOGGER, name='" + resourceName + "'): ";
        boolean root = loggerName.equals(ROOT);
        Logger logger = context().exists(root ? Logger.ROOT_LOGGER_NAME : loggerName);
        if (logger == null) {
            throw new AdminException(Errors.INVALID_REQUEST, prefix + "Logger " + loggerName + " does not exist!");
        }
        if (level == null && root) {
            throw new AdminException(Errors.INVALID_REQUEST, prefix + "Removing the log level of the root logger is not allowed");
        }
        if (level != null && !LEVELS.contains(level)) {
            throw new AdminException(Errors.INVALID_REQUEST, prefix + "Cannot set the log level of " + loggerName + " to "
                    + level + " as it is not a supported log level. Valid log levels are " + String.join(", ", LEVELS));
        }
        if (!validateOnly) {
            logger.setLevel(level == null ? null : Level.toLevel(level.equals("FATAL") ? "ERROR" : level));
        }
    }
}
