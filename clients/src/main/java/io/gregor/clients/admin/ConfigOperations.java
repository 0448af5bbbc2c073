package io.gregor.clients.admin;

import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.network.Node;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.AlterClientQuotasRequest;
import io.gregor.clients.protocol.schemas.AlterClientQuotasResponse;
import io.gregor.clients.protocol.schemas.DescribeClientQuotasRequest;
import io.gregor.clients.protocol.schemas.DescribeClientQuotasResponse;
import io.gregor.clients.protocol.schemas.DescribeConfigsRequest;
import io.gregor.clients.protocol.schemas.DescribeConfigsResponse;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsRequest;
import io.gregor.clients.protocol.schemas.IncrementalAlterConfigsResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The config and client-quota calls of {@link GregorAdmin}: DescribeConfigs and
 * IncrementalAlterConfigs of topics, brokers and the cluster default (a broker id's requests go to
 * that broker, as Kafka's admin client sends them), DescribeClientQuotas and AlterClientQuotas.
 * Blocking; thread-safe (the network client is).
 */
final class ConfigOperations {
    private final CommonClientConfig config;
    private final NetworkClient client;

    ConfigOperations(CommonClientConfig config, NetworkClient client) {
        this.config = config;
        this.client = client;
    }

    private Struct send(ConfigResource resource, ApiKey api, Struct request) {
        if (!resource.isBrokerId()) {
            return client.sendToAnyNode(api, request, api.maxVersion, config.defaultApiTimeoutMs());
        }
        int id = Integer.parseInt(resource.name());
        long deadline = System.currentTimeMillis() + config.defaultApiTimeoutMs();
        Node node = client.fetchMetadata(List.of(), false, config.defaultApiTimeoutMs()).node(id)
                .orElseThrow(() -> new GregorApiException(Errors.BROKER_NOT_AVAILABLE, "broker " + id + " is not in the cluster"));
        return NetworkClient.await(client.send(node, api, request, api.maxVersion), deadline);
    }

    List<ConfigEntry> describeConfigs(ConfigResource resource, boolean includeSynonyms) {
        Struct req = ApiMessages.request(ApiKey.DESCRIBE_CONFIGS).newStruct()
                .set(DescribeConfigsRequest.INCLUDE_SYNONYMS, includeSynonyms);
        req.addElement(DescribeConfigsRequest.RESOURCES)
                .set(DescribeConfigsRequest.Resources.RESOURCE_TYPE, resource.type().code)
                .set(DescribeConfigsRequest.Resources.RESOURCE_NAME, resource.name())
                .set(DescribeConfigsRequest.Resources.CONFIGURATION_KEYS, null);
        Struct r = send(resource, ApiKey.DESCRIBE_CONFIGS, req).getStructs(DescribeConfigsResponse.RESULTS).get(0);
        Errors error = Errors.forCode(r.getShort(DescribeConfigsResponse.Results.ERROR_CODE));
        if (error != Errors.NONE) {
            throw new GregorApiException(error, message(r.getString(DescribeConfigsResponse.Results.ERROR_MESSAGE),
                    "DescribeConfigs of " + resource));
        }
        List<ConfigEntry> entries = new ArrayList<>();
        for (Struct c : r.getStructs(DescribeConfigsResponse.Results.CONFIGS)) {
            List<ConfigEntry.Synonym> synonyms = new ArrayList<>();
            for (Struct s : c.getStructs(DescribeConfigsResponse.Results.Configs.SYNONYMS)) {
                synonyms.add(new ConfigEntry.Synonym(s.getString(DescribeConfigsResponse.Results.Configs.Synonyms.NAME),
                        s.getString(DescribeConfigsResponse.Results.Configs.Synonyms.VALUE),
                        ConfigEntry.ConfigSource.forCode(s.getByte(DescribeConfigsResponse.Results.Configs.Synonyms.SOURCE))));
            }
            entries.add(new ConfigEntry(c.getString(DescribeConfigsResponse.Results.Configs.NAME),
                    c.getString(DescribeConfigsResponse.Results.Configs.VALUE),
                    ConfigEntry.ConfigSource.forCode(c.getByte(DescribeConfigsResponse.Results.Configs.CONFIG_SOURCE)),
                    c.getBool(DescribeConfigsResponse.Results.Configs.READ_ONLY),
                    c.getBool(DescribeConfigsResponse.Results.Configs.IS_SENSITIVE), synonyms));
        }
        entries.sort(Comparator.comparing(ConfigEntry::name));
        return entries;
    }

    void alterConfigs(ConfigResource resource, List<AlterConfigOp> ops, boolean validateOnly) {
        Struct req = ApiMessages.request(ApiKey.INCREMENTAL_ALTER_CONFIGS).newStruct()
                .set(IncrementalAlterConfigsRequest.VALIDATE_ONLY, validateOnly);
        Struct res = req.addElement(IncrementalAlterConfigsRequest.RESOURCES)
                .set(IncrementalAlterConfigsRequest.Resources.RESOURCE_TYPE, resource.type().code)
                .set(IncrementalAlterConfigsRequest.Resources.RESOURCE_NAME, resource.name());
        for (AlterConfigOp op : ops) {
            res.addElement(IncrementalAlterConfigsRequest.Resources.CONFIGS)
                    .set(IncrementalAlterConfigsRequest.Resources.Configs.NAME, op.name())
                    .set(IncrementalAlterConfigsRequest.Resources.Configs.CONFIG_OPERATION, op.op().code)
                    .set(IncrementalAlterConfigsRequest.Resources.Configs.VALUE, op.value());
        }
        for (Struct r : send(resource, ApiKey.INCREMENTAL_ALTER_CONFIGS, req).getStructs(IncrementalAlterConfigsResponse.RESPONSES)) {
            Errors error = Errors.forCode(r.getShort(IncrementalAlterConfigsResponse.Responses.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error, message(r.getString(IncrementalAlterConfigsResponse.Responses.ERROR_MESSAGE),
                        "altering configs of " + resource));
            }
        }
    }

    /** The quotas of the entities matching every component of {@code filter}, strictly (no other entity types) or not. */
    Map<ClientQuotaEntity, Map<String, Double>> describeClientQuotas(List<ClientQuotaFilter> filter, boolean strict) {
        Struct req = ApiMessages.request(ApiKey.DESCRIBE_CLIENT_QUOTAS).newStruct()
                .set(DescribeClientQuotasRequest.STRICT, strict);
        filter.forEach(component -> req.addElement(DescribeClientQuotasRequest.COMPONENTS)
                .set(DescribeClientQuotasRequest.Components.ENTITY_TYPE, component.entityType())
                .set(DescribeClientQuotasRequest.Components.MATCH_TYPE, component.matchType().code)
                .set(DescribeClientQuotasRequest.Components.MATCH, component.match()));
        Struct resp = client.sendToAnyNode(ApiKey.DESCRIBE_CLIENT_QUOTAS, req, ApiKey.DESCRIBE_CLIENT_QUOTAS.maxVersion,
                config.defaultApiTimeoutMs());
        Errors error = Errors.forCode(resp.getShort(DescribeClientQuotasResponse.ERROR_CODE));
        if (error != Errors.NONE) {
            throw new GregorApiException(error, message(resp.getString(DescribeClientQuotasResponse.ERROR_MESSAGE),
                    "DescribeClientQuotas"));
        }
        Map<ClientQuotaEntity, Map<String, Double>> result = new LinkedHashMap<>();
        for (Struct entry : resp.getStructs(DescribeClientQuotasResponse.ENTRIES)) {
            Map<String, String> entity = new TreeMap<>();
            for (Struct part : entry.getStructs(DescribeClientQuotasResponse.Entries.ENTITY)) {
                entity.put(part.getString(DescribeClientQuotasResponse.Entries.Entity.ENTITY_TYPE),
                        part.getString(DescribeClientQuotasResponse.Entries.Entity.ENTITY_NAME));
            }
            Map<String, Double> values = new TreeMap<>();
            for (Struct value : entry.getStructs(DescribeClientQuotasResponse.Entries.VALUES)) {
                values.put(value.getString(DescribeClientQuotasResponse.Entries.Values.KEY),
                        value.getDouble(DescribeClientQuotasResponse.Entries.Values.VALUE));
            }
            result.put(new ClientQuotaEntity(entity), values);
        }
        return result;
    }

    /** Sets ({@code value} non-null) or removes (null) quotas of one entity. */
    void alterClientQuotas(ClientQuotaEntity entity, Map<String, Double> changes, boolean validateOnly) {
        Struct req = ApiMessages.request(ApiKey.ALTER_CLIENT_QUOTAS).newStruct()
                .set(AlterClientQuotasRequest.VALIDATE_ONLY, validateOnly);
        Struct entry = req.addElement(AlterClientQuotasRequest.ENTRIES);
        entity.entries().forEach((type, name) -> entry.addElement(AlterClientQuotasRequest.Entries.ENTITY)
                .set(AlterClientQuotasRequest.Entries.Entity.ENTITY_TYPE, type)
                .set(AlterClientQuotasRequest.Entries.Entity.ENTITY_NAME, name));
        changes.forEach((key, value) -> entry.addElement(AlterClientQuotasRequest.Entries.OPS)
                .set(AlterClientQuotasRequest.Entries.Ops.KEY, key)
                .set(AlterClientQuotasRequest.Entries.Ops.VALUE, value == null ? 0.0 : value)
                .set(AlterClientQuotasRequest.Entries.Ops.REMOVE, value == null));
        Struct resp = client.sendToAnyNode(ApiKey.ALTER_CLIENT_QUOTAS, req, ApiKey.ALTER_CLIENT_QUOTAS.maxVersion,
                config.defaultApiTimeoutMs());
        for (Struct r : resp.getStructs(AlterClientQuotasResponse.ENTRIES)) {
            Errors error = Errors.forCode(r.getShort(AlterClientQuotasResponse.Entries.ERROR_CODE));
            if (error != Errors.NONE) {
                throw new GregorApiException(error, message(r.getString(AlterClientQuotasResponse.Entries.ERROR_MESSAGE),
                        "altering the quotas of " + entity.entries()));
            }
        }
    }

    private static String message(String brokerMessage, String what) {
        return brokerMessage != null && !brokerMessage.isEmpty() ? brokerMessage : what + " failed";
    }
}
