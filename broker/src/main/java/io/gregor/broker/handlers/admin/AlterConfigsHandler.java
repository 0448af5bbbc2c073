package io.gregor.broker.handlers.admin;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Field;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterConfigsRequest;
import io.gregor.clients.protocol.schemas.AlterConfigsResponse;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest.Resources.Configs;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsResponse;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.admin.TopicConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * AlterConfigs v0-2 (replaces a resource's whole override set) and IncrementalAlterConfigs v0-1
 * (SET, DELETE, APPEND, SUBTRACT per key) for TOPIC resources (validated overrides written to
 * {@code /config/topics/<t>}) and BROKER resources (this broker's id or the empty cluster default:
 * dynamic broker configs in {@code /config/brokers/<id>} / {@code <default>}, see
 * {@link BrokerConfigResource}), each with a change notification, and (incremental only)
 * BROKER_LOGGER resources: log levels of this broker ({@link BrokerLoggerResource}); validate_only
 * changes nothing. Other resource types get INVALID_REQUEST.
 */
final class AlterConfigsHandler implements ApiHandler {

    private static final Logger log = LoggerFactory.getLogger(AlterConfigsHandler.class);
    private static final byte SET = 0;
    private static final byte DELETE = 1;
    private static final byte APPEND = 2;
    private static final byte SUBTRACT = 3;

    private static final Set<String> BROKER_LIST_KEYS = Set.of("log.cleanup.policy");

    private final TopicAdmin admin;
    private final BrokerConfigResource brokers;
    private final BrokerLoggerResource loggers;
    private final boolean incremental;
    private final Layout layout;

    AlterConfigsHandler(TopicAdmin admin, BrokerConfigResource brokers, BrokerLoggerResource loggers, boolean incremental) {
        this.admin = admin;
        this.brokers = brokers;
        this.loggers = loggers;
        this.incremental = incremental;
        this.layout = incremental ? Layout.INCREMENTAL : Layout.LEGACY;
    }

    /** The fields the two APIs share, each declared by its own message. */
    private record Layout(ApiKey api, Field<Boolean> validateOnly, Field<List<Struct>> resources,
                          Field<Byte> resourceType, Field<String> resourceName, Field<List<Struct>> configs,
                          Field<List<Struct>> responses, Field<Short> errorCode, Field<String> errorMessage,
                          Field<Byte> responseType, Field<String> responseName) {
        static final Layout LEGACY = new Layout(ApiKey.ALTER_CONFIGS, AlterConfigsRequest.VALIDATE_ONLY,
                AlterConfigsRequest.RESOURCES, AlterConfigsRequest.Resources.RESOURCE_TYPE,
                AlterConfigsRequest.Resources.RESOURCE_NAME, AlterConfigsRequest.Resources.CONFIGS,
                AlterConfigsResponse.RESPONSES, AlterConfigsResponse.Responses.ERROR_CODE,
                AlterConfigsResponse.Responses.ERROR_MESSAGE, AlterConfigsResponse.Responses.RESOURCE_TYPE,
                AlterConfigsResponse.Responses.RESOURCE_NAME);
        static final Layout INCREMENTAL = new Layout(ApiKey.INCREMENTAL_ALTER_CONFIGS,
                IncrementalAlterConfigsRequest.VALIDATE_ONLY, IncrementalAlterConfigsRequest.RESOURCES,
                IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE,
                        IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME,
                IncrementalAlterConfigsRequest.Resources.CONFIGS, IncrementalAlterConfigsResponse.RESPONSES,
                IncrementalAlterConfigsResponse.Responses.ERROR_CODE,
                        IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE,
                IncrementalAlterConfigsResponse.Responses.RESOURCE_TYPE,
                IncrementalAlterConfigsResponse.Responses.RESOURCE_NAME);
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        boolean validateOnly = request.getBool(layout.validateOnly());
        Struct response = ApiMessages.response(layout.api()).newStruct();
        for (Struct resource : request.getStructs(layout.resources())) {
            byte type = resource.getByte(layout.resourceType());
            String name = resource.getString(layout.resourceName());
            Errors error = Errors.NONE;
            String message = null;
            try {
                if (type == DescribeConfigsHandler.TOPIC) {
                    Map<String, String> overrides = incremental
                            ? applyIncremental(admin.topicConfigOverrides(name), resource.getStructs(layout.configs()),
                                    AlterConfigsHandler::topicListDefault)
                            : replacement(resource.getStructs(layout.configs()));
                    admin.setTopicConfigOverrides(name, overrides, validateOnly);
                } else if (type == DescribeConfigsHandler.BROKER) {
                    Map<String, String> config = incremental
                            ? applyIncremental(brokers.stored(name), resource.getStructs(layout.configs()),
                                    AlterConfigsHandler::brokerListDefault)
                            : replacement(resource.getStructs(layout.configs()));
                    brokers.replace(name, config, validateOnly);
                } else if (type == BrokerLoggerResource.BROKER_LOGGER && incremental) {
                    for (Struct c : resource.getStructs(layout.configs())) {
                        byte op = c.getByte(Configs.CONFIG_OPERATION);
                        if (op != SET && op != DELETE) {
                            throw new AdminException(Errors.INVALID_REQUEST, "Only SET and DELETE are supported for broker loggers");
                        }
                        loggers.setLevel(name, c.getString(Configs.NAME), op == SET ? c.getString(Configs.VALUE) : null,
                                validateOnly);
                    }
                } else {
                    throw new AdminException(Errors.INVALID_REQUEST, "AlterConfigs is only supported for topics and brokers, "
                            + "but resource type is " + type);
                }
            } catch (AdminException e) {
                error = e.error();
                message = e.getMessage();
            } catch (RuntimeException e) {
                log.error("Altering configs of {} {} failed (client {}, correlation id {})", type, name,
                        context.clientId(), context.correlationId(), e);
                error = Errors.UNKNOWN_SERVER_ERROR;
                message = e.toString();
            }
            response.addElement(layout.responses()).set(layout.errorCode(), error.code())
                    .set(layout.errorMessage(), message).set(layout.responseType(), type)
                    .set(layout.responseName(), name);
        }
        return CompletableFuture.completedFuture(response);
    }

    private static Map<String, String> replacement(List<Struct> configs) {
        Map<String, String> result = new LinkedHashMap<>();
        for (Struct c : configs) {
            String name = c.getString(AlterConfigsRequest.Resources.Configs.NAME);
            String value = c.getString(AlterConfigsRequest.Resources.Configs.VALUE);
            if (value == null) {
                throw new AdminException(Errors.INVALID_REQUEST, "Null value not supported for " + name);
            }
            result.put(name, value);
        }
        return result;
    }

    /** The default of a list-typed topic config, the base of APPEND/SUBTRACT. */
    private static String topicListDefault(String key) {
        var def = TopicConfigs.key(key).orElseThrow(() ->
                new AdminException(Errors.INVALID_CONFIG, "Unknown topic config name: " + key));
        if (def.type() != io.gregor.coordination.admin.TopicConfigKey.Type.LIST) {
            throw new AdminException(Errors.INVALID_CONFIG, "Config value append/subtract is not allowed for config key " + key);
        }
        return def.defaultValue();
    }

    /** The default of a list-typed broker config, the base of APPEND/SUBTRACT. */
    private static String brokerListDefault(String key) {
        if (!BROKER_LIST_KEYS.contains(key)) {
            throw new AdminException(Errors.INVALID_CONFIG, "Config value append/subtract is not allowed for config key " + key);
        }
        return BrokerConfig.defaultValues().getOrDefault(key, "");
    }

    private static Map<String, String> applyIncremental(Map<String, String> current, List<Struct> configs,
                                                        UnaryOperator<String> listDefault) {
        Map<String, String> result = new LinkedHashMap<>(current);
        for (Struct c : configs) {
            String key = c.getString(Configs.NAME);
            String value = c.getString(Configs.VALUE);
            byte op = c.getByte(Configs.CONFIG_OPERATION);
            switch (op) {
                case SET -> result.put(key, value);
                case DELETE -> result.remove(key);
                case APPEND, SUBTRACT -> {
                    String defaultValue = listDefault.apply(key); // refuses keys that are not lists
                    String base = result.getOrDefault(key, defaultValue);
                    List<String> items = new ArrayList<>(base.isBlank() ? List.of()
                            : Arrays.stream(base.split(",")).map(String::trim).toList());
                    List<String> given = value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).toList();
                    if (op == APPEND) {
                        given.stream().filter(v -> !items.contains(v)).forEach(items::add);
                    } else {
                        items.removeAll(given);
                    }
                    result.put(key, String.join(",", items));
                }
                default -> throw new AdminException(Errors.INVALID_REQUEST, "Unknown config operation " + op + " for " + key);
            }
        }
        return result;
    }
}
