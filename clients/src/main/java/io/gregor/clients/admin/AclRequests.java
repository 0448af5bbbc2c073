package io.gregor.clients.admin;

import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclFilter;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import io.gregor.clients.network.CommonClientConfig;
import io.gregor.clients.network.GregorApiException;
import io.gregor.clients.network.NetworkClient;
import io.gregor.clients.protocol.ApiKey;
import io.gregor.clients.protocol.ApiMessages;
import io.gregor.clients.protocol.Errors;
import io.gregor.clients.protocol.Struct;
import io.gregor.clients.protocol.schemas.CreateAclsRequest;
import io.gregor.clients.protocol.schemas.CreateAclsResponse;
import io.gregor.clients.protocol.schemas.DeleteAclsRequest;
import io.gregor.clients.protocol.schemas.DeleteAclsResponse;
import io.gregor.clients.protocol.schemas.DescribeAclsRequest;
import io.gregor.clients.protocol.schemas.DescribeAclsResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The ACL calls of {@link GregorAdmin}: CreateAcls, DescribeAcls and DeleteAcls, sent to any broker
 * (every broker with an authorizer writes ZooKeeper and serves its cache, as in Kafka's ZooKeeper
 * mode). A refusal (SECURITY_DISABLED without an authorizer, CLUSTER_AUTHORIZATION_FAILED, ...) is
 * thrown as {@link GregorApiException}. Blocking; thread-safe (the network client is).
 */
final class AclRequests {
    private final CommonClientConfig config;
    private final NetworkClient client;

    AclRequests(CommonClientConfig config, NetworkClient client) {
        this.config = config;
        this.client = client;
    }

    private Struct send(ApiKey api, Struct request) {
        return client.sendToAnyNode(api, request, api.maxVersion, config.defaultApiTimeoutMs());
    }

    void create(List<AclBinding> bindings) {
        Struct req = ApiMessages.request(ApiKey.CREATE_ACLS).newStruct();
        for (AclBinding b : bindings) {
            req.addElement(CreateAclsRequest.CREATIONS)
                    .set(CreateAclsRequest.Creations.RESOURCE_TYPE, b.pattern().resourceType().code())
                    .set(CreateAclsRequest.Creations.RESOURCE_NAME, b.pattern().name())
                    .set(CreateAclsRequest.Creations.RESOURCE_PATTERN_TYPE, b.pattern().patternType().code())
                    .set(CreateAclsRequest.Creations.PRINCIPAL, b.entry().principal())
                    .set(CreateAclsRequest.Creations.HOST, b.entry().host())
                    .set(CreateAclsRequest.Creations.OPERATION, b.entry().operation().code())
                    .set(CreateAclsRequest.Creations.PERMISSION_TYPE, b.entry().permissionType().code());
        }
        List<Struct> results = send(ApiKey.CREATE_ACLS, req).getStructs(CreateAclsResponse.RESULTS);
        for (int i = 0; i < results.size(); i++) {
            Struct r = results.get(i);
            check(r.getShort(CreateAclsResponse.Results.ERROR_CODE), r.getString(CreateAclsResponse.Results.ERROR_MESSAGE),
                    "creating " + (i < bindings.size() ? bindings.get(i) : "an ACL"));
        }
    }

    List<AclBinding> describe(AclFilter filter) {
        Struct req = ApiMessages.request(ApiKey.DESCRIBE_ACLS).newStruct()
                .set(DescribeAclsRequest.RESOURCE_TYPE_FILTER, filter.resourceType().code())
                .set(DescribeAclsRequest.RESOURCE_NAME_FILTER, filter.name())
                .set(DescribeAclsRequest.PATTERN_TYPE_FILTER, filter.patternType().code())
                .set(DescribeAclsRequest.PRINCIPAL_FILTER, filter.principal())
                .set(DescribeAclsRequest.HOST_FILTER, filter.host())
                .set(DescribeAclsRequest.OPERATION, filter.operation().code())
                .set(DescribeAclsRequest.PERMISSION_TYPE, filter.permissionType().code());
        Struct resp = send(ApiKey.DESCRIBE_ACLS, req);
        check(resp.getShort(DescribeAclsResponse.ERROR_CODE), resp.getString(DescribeAclsResponse.ERROR_MESSAGE), "DescribeAcls");
        List<AclBinding> found = new ArrayList<>();
        for (Struct resource : resp.getStructs(DescribeAclsResponse.RESOURCES)) {
            ResourcePattern pattern = new ResourcePattern(
                    ResourceType.fromCode(resource.getByte(DescribeAclsResponse.Resources.RESOURCE_TYPE)),
                    resource.getString(DescribeAclsResponse.Resources.RESOURCE_NAME),
                    PatternType.fromCode(resource.getByte(DescribeAclsResponse.Resources.PATTERN_TYPE)));
            for (Struct acl : resource.getStructs(DescribeAclsResponse.Resources.ACLS)) {
                found.add(new AclBinding(pattern, new AclEntry(acl.getString(DescribeAclsResponse.Resources.Acls.PRINCIPAL),
                        acl.getString(DescribeAclsResponse.Resources.Acls.HOST),
                        AclOperation.fromCode(acl.getByte(DescribeAclsResponse.Resources.Acls.OPERATION)),
                        AclPermissionType.fromCode(acl.getByte(DescribeAclsResponse.Resources.Acls.PERMISSION_TYPE)))));
            }
        }
        return found;
    }

    List<AclBinding> delete(List<AclFilter> filters) {
        Struct req = ApiMessages.request(ApiKey.DELETE_ACLS).newStruct();
        for (AclFilter f : filters) {
            req.addElement(DeleteAclsRequest.FILTERS)
                    .set(DeleteAclsRequest.Filters.RESOURCE_TYPE_FILTER, f.resourceType().code())
                    .set(DeleteAclsRequest.Filters.RESOURCE_NAME_FILTER, f.name())
                    .set(DeleteAclsRequest.Filters.PATTERN_TYPE_FILTER, f.patternType().code())
                    .set(DeleteAclsRequest.Filters.PRINCIPAL_FILTER, f.principal())
                    .set(DeleteAclsRequest.Filters.HOST_FILTER, f.host())
                    .set(DeleteAclsRequest.Filters.OPERATION, f.operation().code())
                    .set(DeleteAclsRequest.Filters.PERMISSION_TYPE, f.permissionType().code());
        }
        List<AclBinding> deleted = new ArrayList<>();
        for (Struct r : send(ApiKey.DELETE_ACLS, req).getStructs(DeleteAclsResponse.FILTER_RESULTS)) {
            check(r.getShort(DeleteAclsResponse.FilterResults.ERROR_CODE),
                    r.getString(DeleteAclsResponse.FilterResults.ERROR_MESSAGE), "DeleteAcls");
            for (Struct m : r.getStructs(DeleteAclsResponse.FilterResults.MATCHING_ACLS)) {
                check(m.getShort(DeleteAclsResponse.FilterResults.MatchingAcls.ERROR_CODE),
                        m.getString(DeleteAclsResponse.FilterResults.MatchingAcls.ERROR_MESSAGE), "DeleteAcls");
                deleted.add(new AclBinding(new ResourcePattern(
                        ResourceType.fromCode(m.getByte(DeleteAclsResponse.FilterResults.MatchingAcls.RESOURCE_TYPE)),
                        m.getString(DeleteAclsResponse.FilterResults.MatchingAcls.RESOURCE_NAME),
                        PatternType.fromCode(m.getByte(DeleteAclsResponse.FilterResults.MatchingAcls.PATTERN_TYPE))),
                        new AclEntry(m.getString(DeleteAclsResponse.FilterResults.MatchingAcls.PRINCIPAL),
                                m.getString(DeleteAclsResponse.FilterResults.MatchingAcls.HOST),
                                AclOperation.fromCode(m.getByte(DeleteAclsResponse.FilterResults.MatchingAcls.OPERATION)),
                                AclPermissionType.fromCode(m.getByte(DeleteAclsResponse.FilterResults.MatchingAcls.PERMISSION_TYPE)))));
            }
        }
        return deleted;
    }

    private static void check(short code, String message, String what) {
        Errors error = Errors.forCode(code);
        if (error != Errors.NONE) {
            throw new GregorApiException(error, message == null || message.isEmpty() ? what : what + ": " + message);
        }
    }
}
