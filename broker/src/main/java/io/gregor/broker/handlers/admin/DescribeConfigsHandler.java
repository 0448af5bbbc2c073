package io.gregor.broker.handlers.admin;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * DescribeConfigs v0-4. TOPIC (2): every known topic config with its effective value and source
 * (topic override, the broker's setting, or Kafka's default), synonyms in precedence order when
 * asked (v1+), the value type (v3+). BROKER (4): this broker's static configuration (read-only;
 * values of keys naming a password are hidden and marked sensitive); the empty name (cluster
 * default) has no dynamic entries. Other resource types get INVALID_REQUEST.
 */
final class DescribeConfigsHandler implements ApiHandler {

    static final byte TOPIC = 2;
    static final byte BROKER = 4;
    private static final byte STATIC_BROKER_CONFIG = 4;
    private static final Logger log = LoggerFactory.getLogger(DescribeConfigsHandler.class);

    private final TopicAdmin admin;
    private final int brokerId;
    private final Map<String, String> brokerConfig;

    DescribeConfigsHandler(TopicAdmin admin, int brokerId, Map<String, String> brokerConfig) {
        this.admin = admin;
        this.brokerId = brokerId;
        this.brokerConfig = new TreeMap<>(brokerConfig);
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

    private void describeTopic(Struct result, String topic, List<String> keys, boolean synonyms, short version) {
        Map<String, String> overrides = admin.topicConfigOverrides(topic);
        for (TopicConfigKey key : TopicConfigs.keys().values()) {
            if (keys != null && !keys.contains(key.name())) {
                continue;
            }
            List<TopicConfigs.Synonym> candidates = TopicConfigs.resolve(key, overrides, brokerConfig);
            TopicConfigs.Synonym effective = candidates.get(0);
            Struct config = result.addElement(Results.CONFIGS).set(Configs.NAME, key.name())
                    .set(Configs.VALUE, effective.value())
                    .set(Configs.READ_ONLY, false).set(Configs.IS_SENSITIVE, false);
            if (version == 0) {
                config.set(Configs.IS_DEFAULT, effective.source() == TopicConfigs.Source.DEFAULT_CONFIG);
            } else {
                config.set(Configs.CONFIG_SOURCE, effective.source().code);
            }
            if (synonyms) {
                candidates.forEach(s -> config.addElement(Configs.SYNONYMS).set(Synonyms.NAME, s.name())
                        .set(Synonyms.VALUE, s.value())
                        .set(Synonyms.SOURCE, s.source().code));
            }
            if (version >= 3) {
                config.set(Configs.CONFIG_TYPE, key.type().code);
            }
        }
    }

    private void describeBroker(Struct result, String name, List<String> keys, boolean synonyms, short version) {
        if (name.isEmpty()) {
            result.set(Results.CONFIGS, List.of());
            return;
        }
        if (!name.equals(Integer.toString(brokerId))) {
            throw new AdminException(Errors.INVALID_REQUEST, "Unexpected broker id, expected " + brokerId + " or empty string, but received " + name);
        }
        brokerConfig.forEach((key, value) -> {
            if (keys != null && !keys.contains(key)) {
                return;
            }
            boolean sensitive = key.toLowerCase(Locale.ROOT).contains("password");
            String shown = sensitive ? null : value;
            Struct config = result.addElement(Results.CONFIGS).set(Configs.NAME, key).set(Configs.VALUE, shown)
                    .set(Configs.READ_ONLY, true).set(Configs.IS_SENSITIVE, sensitive);
            if (version == 0) {
                config.set(Configs.IS_DEFAULT, false);
            } else {
                config.set(Configs.CONFIG_SOURCE, STATIC_BROKER_CONFIG);
            }
            if (synonyms) {
                config.addElement(Configs.SYNONYMS).set(Synonyms.NAME, key).set(Synonyms.VALUE, shown)
                        .set(Synonyms.SOURCE, STATIC_BROKER_CONFIG);
            }
        });
    }
}
