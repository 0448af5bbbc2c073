package io.gregor.broker.handlers.admin;

import io.gregor.broker.config.BrokerConfig;
import io.gregor.broker.config.DynamicBrokerConfig;
import io.gregor.broker.config.DynamicBrokerKeys;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.RequestContext;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.DescribeConfigsRequest;
import io.gregor.clients.protocol.schemas.DescribeConfigsRequest.Resources;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse.Results;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse.Results.Configs;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse.Results.Configs.Synonyms;
import io.gregor.coordination.admin.AdminException;
import io.gregor.coordination.admin.TopicAdmin;
import io.gregor.coordination.admin.TopicConfigKey;
import io.gregor.coordination.admin.TopicConfigs;
import io.gregor.coordination.admin.TopicConfigs.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs v0-4. TOPIC (2): every known topic config with its effective value and source
 * (topic override, this broker's dynamic config, the dynamic cluster default, the broker's static
 * setting, or Kafka's default), synonyms in precedence order when asked (v1+), the value type
 * (v3+). BROKER (4) with this broker's id: every broker key with its value in effect now, its
 * source (DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG, STATIC_BROKER_CONFIG or
 * DEFAULT_CONFIG) and synonyms as Kafka orders them (by source, then synonym name), read-only
 * unless dynamic; values of keys naming a password are hidden and marked sensitive. BROKER with
 * the empty name (cluster default): the dynamic cluster-default values. BROKER_LOGGER (8) with this
 * broker's id: every logger's effective level (DYNAMIC_BROKER_LOGGER_CONFIG). Other resource types
 * get INVALID_REQUEST.
 */
final class DescribeConfigsHandler implements ApiHandler {

    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    private static final Logger log = LoggerFactory.getLogger(DescribeConfigsHandler.class);

    private final TopicAdmin admin;
    private final int brokerId;
    private final DynamicBrokerConfig dynamic;
    private final BrokerLoggerResource loggers;

    DescribeConfigsHandler(TopicAdmin admin, int brokerId, DynamicBrokerConfig dynamic, BrokerLoggerResource loggers) {
        this.admin = admin;
        this.brokerId = brokerId;
        this.dynamic = dynamic;
        this.loggers = loggers;
    }

    @Override
    public CompletableFuture<Struct> handle(RequestContext context, Struct request) {
        short version = context.apiVersion();
        boolean synonyms = version >= 1 && request.getBool(DescribeConfigsRequest.INCLUDE_SYNONYMS);
        Struct response = ApiMessages.response(ApiKey.DESCRIBE_CONFIGS).newStruct();
        for (Struct resource : request.getStructs(DescribeConfigsRequest.RESOURCES)) {
            byte type = resource.getByte(Resources.RESOURCE_TYPE);
            String name = resource.getString(Resources.RESOURCE_NAME);
            List<String> keys = resource.getArray(Resources.CONFIGURATION_KEYS);
            Struct result = response.addElement(DescribeConfigsResponse.RESULTS).set(Results.RESOURCE_TYPE, type)
                    .set(Results.RESOURCE_NAME, name);
            try {
                if (type == TOPIC) {
                    describeTopic(result, name, keys, synonyms, version);
                } else if (type == BROKER) {
                    describeBroker(result, name, keys, synonyms, version);
                } else if (type == BrokerLoggerResource.BROKER_LOGGER) {
                    loggers.loggers(name).forEach((logger, level) -> {
                        if (keys == null || keys.contains(logger)) {
                            addEntry(result, logger, level, Source.DYNAMIC_BROKER_LOGGER_CONFIG, false, false, List.of(),
                                    version, STRING_TYPE);
                        }
                    });
                } else {
                    throw new AdminException(Errors.INVALID_REQUEST, "Unsupported resource type " + type + " for " + name);
                }
                result.set(Results.ERROR_CODE, Errors.NONE.code());
            } catch (AdminException e) {
                result.set(Results.ERROR_CODE, e.error().code()).set(Results.ERROR_MESSAGE, e.getMessage())
                        .set(Results.CONFIGS, List.of());
            } catch (RuntimeException e) {
                log.error("DescribeConfigs of {} {} failed (client {}, correlation id {})", type, name,
                        context.clientId(), context.correlationId(), e);
                result.set(Results.ERROR_CODE, Errors.UNKNOWN_SERVER_ERROR.code())
                        .set(Results.ERROR_MESSAGE, e.toString())
                        .set(Results.CONFIGS, List.of());
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    /** The broker layers in Kafka's order of precedence, as the topic resolution reads them. */
    private List<TopicConfigs.BrokerLayer> brokerLayers() {
        return brokerLayers(dynamic);
    }

    /** The broker layers of {@code dynamic} in Kafka's order of precedence, defaults last. */
    static List<TopicConfigs.BrokerLayer> brokerLayers(DynamicBrokerConfig dynamic) {
        return List.of(new TopicConfigs.BrokerLayer(dynamic.dynamicBrokerConfigs(), Source.DYNAMIC_BROKER_CONFIG),
                new TopicConfigs.BrokerLayer(dynamic.dynamicDefaultConfigs(), Source.DYNAMIC_DEFAULT_BROKER_CONFIG),
                new TopicConfigs.BrokerLayer(dynamic.staticConfig().explicitValues(), Source.STATIC_BROKER_CONFIG),
                new TopicConfigs.BrokerLayer(BrokerConfig.defaultValues(), Source.DEFAULT_CONFIG));
    }

    private void describeTopic(Struct result, String topic, List<String> keys, boolean synonyms, short version) {
        Map<String, String> overrides = admin.topicConfigOverrides(topic);
        List<TopicConfigs.BrokerLayer> layers = brokerLayers();
        for (TopicConfigKey key : TopicConfigs.keys().values()) {
            if (keys != null && !keys.contains(key.name())) {
                continue;
            }
            List<TopicConfigs.Synonym> candidates = TopicConfigs.resolve(key, overrides, layers);
            addEntry(result, key.name(), candidates.get(0).value(), candidates.get(0).source(), false, false,
                    synonyms ? candidates : List.of(), version, key.type().code);
        }
    }

    private void describeBroker(Struct result, String name, List<String> keys, boolean synonyms, short version) {
        if (name.isEmpty()) {
            dynamic.dynamicDefaultConfigs().forEach((key, value) -> {
                if (keys == null || keys.contains(key)) {
                    boolean sensitive = isSensitive(key);
                    String shown = sensitive ? null : value;
                    addEntry(result, key, shown, Source.DYNAMIC_DEFAULT_BROKER_CONFIG, false, sensitive,
                            synonyms ? List.of(new TopicConfigs.Synonym(key, shown, Source.DYNAMIC_DEFAULT_BROKER_CONFIG))
                                    : List.of(), version, STRING_TYPE);
                }
            });
            return;
        }
        if (!name.equals(Integer.toString(brokerId))) {
            throw new AdminException(Errors.INVALID_REQUEST, "Unexpected broker id, expected " + brokerId + " or empty string, but received " + name);
        }
        Map<String, String> effective = new TreeMap<>(dynamic.current().effectiveValues());
        effective.forEach((key, value) -> {
            if (keys != null && !keys.contains(key)) {
                return;
            }
            boolean sensitive = isSensitive(key);
            List<TopicConfigs.Synonym> all = brokerSynonyms(key, sensitive);
            Source source = all.isEmpty() ? Source.DEFAULT_CONFIG : all.get(0).source();
            addEntry(result, key, sensitive ? null : value, source, !DynamicBrokerKeys.isDynamic(key), sensitive,
                    synonyms ? all : List.of(), version, STRING_TYPE);
        });
    }

    /**
     * Kafka's synonyms of a broker key: for each source in precedence order (this broker's dynamic
     * configs, the dynamic default, the static file, the defaults) the values of the key's synonym
     * names ({@code log.retention.ms/minutes/hours}, {@code log.roll.ms/hours}), leading entries of
     * other names dropped.
     */
    private List<TopicConfigs.Synonym> brokerSynonyms(String key, boolean sensitive) {
        List<String> names = BROKER_SYNONYMS.stream().filter(group -> group.contains(key)).findFirst().orElse(List.of(key));
        List<TopicConfigs.Synonym> result = new ArrayList<>();
        List<Map.Entry<Map<String, String>, Source>> sources = List.of(
                Map.entry(dynamic.dynamicBrokerConfigs(), Source.DYNAMIC_BROKER_CONFIG),
                Map.entry(dynamic.dynamicDefaultConfigs(), Source.DYNAMIC_DEFAULT_BROKER_CONFIG),
                Map.entry(dynamic.staticConfig().explicitValues(), Source.STATIC_BROKER_CONFIG),
                Map.entry(BrokerConfig.defaultValues(), Source.DEFAULT_CONFIG));
        for (Map.Entry<Map<String, String>, Source> source : sources) {
            for (String synonym : names) {
                String value = source.getKey().get(synonym);
                if (value != null) {
                    result.add(new TopicConfigs.Synonym(synonym, sensitive ? null : value, source.getValue()));
                }
            }
        }
        int first = 0;
        while (first < result.size() && !result.get(first).name().equals(key)) {
            first++;
        }
        return result.subList(first, result.size());
    }

    private static final List<List<String>> BROKER_SYNONYMS = List.of(
            List.of("log.roll.ms", "log.roll.hours"),
            List.of("log.retention.ms", "log.retention.minutes", "log.retention.hours"));
    /** DescribeConfigs v3+ config_type: Kafka reports broker keys by their ConfigDef type; Gregor says STRING (2). */
    private static final byte STRING_TYPE = 2;

    private static boolean isSensitive(String key) {
        return io.gregor.broker.config.BrokerConfig.isSensitive(key);
    }

    private static void addEntry(Struct result, String name, String value, Source source, boolean readOnly,
                                 boolean sensitive, List<TopicConfigs.Synonym> synonyms, short version, byte type) {
        Struct config = result.addElement(Results.CONFIGS).set(Configs.NAME, name).set(Configs.VALUE, value)
                .set(Configs.READ_ONLY, readOnly).set(Configs.IS_SENSITIVE, sensitive);
        if (version == 0) {
            config.set(Configs.IS_DEFAULT, source == Source.DEFAULT_CONFIG);
        } else {
            config.set(Configs.CONFIG_SOURCE, source.code);
        }
        synonyms.forEach(s -> config.addElement(Configs.SYNONYMS).set(Synonyms.NAME, s.name())
                .set(Synonyms.VALUE, s.shown()).set(Synonyms.SOURCE, s.source().code));
        if (version >= 3) {
            config.set(Configs.CONFIG_TYPE, type);
        }
    }
}
