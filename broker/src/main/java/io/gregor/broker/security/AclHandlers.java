package io.gregor.broker.security;

import io.gregor.clients.acl.AclBinding;
import io.gregor.clients.acl.AclFilter;
import io.gregor.broker.network.ApiHandler;
import io.gregor.broker.network.ApiHandlerRegistry;
import io.gregor.broker.network.RequestContext;
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
import io.gregor.clients.acl.AclEntry;
import io.gregor.clients.acl.AclOperation;
import io.gregor.clients.acl.AclPermissionType;
import io.gregor.clients.acl.PatternType;
import io.gregor.clients.acl.ResourcePattern;
import io.gregor.clients.acl.ResourceType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * DescribeAcls, CreateAcls and DeleteAcls on a broker with the ACL authorizer, as Kafka serves
 * them: listing needs Describe on the cluster, changing needs Alter on the cluster (else
 * CLUSTER_AUTHORIZATION_FAILED for the request, each binding or each filter); a malformed binding
 * or filter gets INVALID_REQUEST. Stateless over the authorizer.
 */
public final class AclHandlers {
    private AclHandlers() {
    }

    /** Replaces the handlers a broker without an authorizer registers (AclsWithoutAuthorizer) by these. */
    public static void install(ApiHandlerRegistry registry, AclAuthorizer authorizer) {
        registry.wrap(ApiKey.DESCRIBE_ACLS, withoutAuthorizer -> describe(authorizer));
        registry.wrap(ApiKey.CREATE_ACLS, withoutAuthorizer -> create(authorizer));
        registry.wrap(ApiKey.DELETE_ACLS, withoutAuthorizer -> delete(authorizer));
    }

    private static boolean clusterAllowed(AclAuthorizer authorizer, RequestContext context, AclOperation operation) {
        return new RequestAuthorizer(authorizer, context).authorizeCluster(operation);
    }

    static ApiHandler describe(AclAuthorizer authorizer) {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.DESCRIBE_ACLS).newStruct();
            if (!clusterAllowed(authorizer, context, AclOperation.DESCRIBE)) {
                return CompletableFuture.completedFuture(response
                        .set(DescribeAclsResponse.ERROR_CODE, Errors.CLUSTER_AUTHORIZATION_FAILED.code())
                        .set(DescribeAclsResponse.ERROR_MESSAGE, Errors.CLUSTER_AUTHORIZATION_FAILED.message()));
            }
            AclFilter filter = new AclFilter(ResourceType.fromCode(request.getByte(DescribeAclsRequest.RESOURCE_TYPE_FILTER)),
                    request.getString(DescribeAclsRequest.RESOURCE_NAME_FILTER),
                    PatternType.fromCode(request.getByte(DescribeAclsRequest.PATTERN_TYPE_FILTER)),
                    request.getString(DescribeAclsRequest.PRINCIPAL_FILTER), request.getString(DescribeAclsRequest.HOST_FILTER),
                    AclOperation.fromCode(request.getByte(DescribeAclsRequest.OPERATION)),
                    AclPermissionType.fromCode(request.getByte(DescribeAclsRequest.PERMISSION_TYPE)));
            if (filter.isUnknown()) {
                return CompletableFuture.completedFuture(response
                        .set(DescribeAclsResponse.ERROR_CODE, Errors.INVALID_REQUEST.code())
                        .set(DescribeAclsResponse.ERROR_MESSAGE, "The filter contains unknown elements"));
            }
            Map<ResourcePattern, List<AclEntry>> byResource = new LinkedHashMap<>();
            for (AclBinding binding : authorizer.acls(filter)) {
                byResource.computeIfAbsent(binding.pattern(), p -> new ArrayList<>()).add(binding.entry());
            }
            response.set(DescribeAclsResponse.ERROR_CODE, Errors.NONE.code());
            byResource.forEach((pattern, acls) -> {
                Struct resource = response.addElement(DescribeAclsResponse.RESOURCES)
                        .set(DescribeAclsResponse.Resources.RESOURCE_TYPE, pattern.resourceType().code())
                        .set(DescribeAclsResponse.Resources.RESOURCE_NAME, pattern.name())
                        .set(DescribeAclsResponse.Resources.PATTERN_TYPE, pattern.patternType().code());
                for (AclEntry acl : acls) {
                    resource.addElement(DescribeAclsResponse.Resources.ACLS)
                            .set(DescribeAclsResponse.Resources.Acls.PRINCIPAL, acl.principal())
                            .set(DescribeAclsResponse.Resources.Acls.HOST, acl.host())
                            .set(DescribeAclsResponse.Resources.Acls.OPERATION, acl.operation().code())
                            .set(DescribeAclsResponse.Resources.Acls.PERMISSION_TYPE, acl.permissionType().code());
                }
            });
            return CompletableFuture.completedFuture(response);
        };
    }

    static ApiHandler create(AclAuthorizer authorizer) {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.CREATE_ACLS).newStruct();
            List<Struct> creations = request.getStructs(CreateAclsRequest.CREATIONS);
            List<AclChangeResult> results = clusterAlterResults(authorizer, context, creations.size(),
                    () -> authorizer.createAcls(creations.stream().map(AclHandlers::binding).toList()));
            for (AclChangeResult result : results) {
                response.addElement(CreateAclsResponse.RESULTS)
                        .set(CreateAclsResponse.Results.ERROR_CODE, result.error().code())
                        .set(CreateAclsResponse.Results.ERROR_MESSAGE, result.message());
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    /**
     * The results of {@code change} when the request's principal may Alter the cluster; else one
     * CLUSTER_AUTHORIZATION_FAILED result for each of the request's {@code items}, nothing changed.
     */
    private static List<AclChangeResult> clusterAlterResults(AclAuthorizer authorizer, RequestContext context, int items,
                                                             Supplier<List<AclChangeResult>> change) {
        if (clusterAllowed(authorizer, context, AclOperation.ALTER)) {
            return change.get();
        }
        return Collections.nCopies(items, AclChangeResult.failed(Errors.CLUSTER_AUTHORIZATION_FAILED,
                Errors.CLUSTER_AUTHORIZATION_FAILED.message()));
    }

    private static AclBinding binding(Struct c) {
        return new AclBinding(new ResourcePattern(ResourceType.fromCode(c.getByte(CreateAclsRequest.Creations.RESOURCE_TYPE)),
                c.getString(CreateAclsRequest.Creations.RESOURCE_NAME),
                PatternType.fromCode(c.getByte(CreateAclsRequest.Creations.RESOURCE_PATTERN_TYPE))),
                new AclEntry(c.getString(CreateAclsRequest.Creations.PRINCIPAL), c.getString(CreateAclsRequest.Creations.HOST),
                        AclOperation.fromCode(c.getByte(CreateAclsRequest.Creations.OPERATION)),
                        AclPermissionType.fromCode(c.getByte(CreateAclsRequest.Creations.PERMISSION_TYPE))));
    }

    static ApiHandler delete(AclAuthorizer authorizer) {
        return (context, request) -> {
            Struct response = ApiMessages.response(ApiKey.DELETE_ACLS).newStruct();
            List<Struct> filters = request.getStructs(DeleteAclsRequest.FILTERS);
            List<AclChangeResult> results = clusterAlterResults(authorizer, context, filters.size(),
                    () -> authorizer.deleteAcls(filters.stream().map(AclHandlers::filter).toList()));
            for (AclChangeResult result : results) {
                Struct out = response.addElement(DeleteAclsResponse.FILTER_RESULTS)
                        .set(DeleteAclsResponse.FilterResults.ERROR_CODE, result.error().code())
                        .set(DeleteAclsResponse.FilterResults.ERROR_MESSAGE, result.message());
                for (AclBinding b : result.deleted()) {
                    out.addElement(DeleteAclsResponse.FilterResults.MATCHING_ACLS)
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.ERROR_CODE, Errors.NONE.code())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.RESOURCE_TYPE, b.pattern().resourceType().code())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.RESOURCE_NAME, b.pattern().name())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.PATTERN_TYPE, b.pattern().patternType().code())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.PRINCIPAL, b.entry().principal())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.HOST, b.entry().host())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.OPERATION, b.entry().operation().code())
                            .set(DeleteAclsResponse.FilterResults.MatchingAcls.PERMISSION_TYPE, b.entry().permissionType().code());
                }
            }
            return CompletableFuture.completedFuture(response);
        };
    }

    private static AclFilter filter(Struct f) {
        return new AclFilter(ResourceType.fromCode(f.getByte(DeleteAclsRequest.Filters.RESOURCE_TYPE_FILTER)),
                f.getString(DeleteAclsRequest.Filters.RESOURCE_NAME_FILTER),
                PatternType.fromCode(f.getByte(DeleteAclsRequest.Filters.PATTERN_TYPE_FILTER)),
                f.getString(DeleteAclsRequest.Filters.PRINCIPAL_FILTER), f.getString(DeleteAclsRequest.Filters.HOST_FILTER),
                AclOperation.fromCode(f.getByte(DeleteAclsRequest.Filters.OPERATION)),
                AclPermissionType.fromCode(f.getByte(DeleteAclsRequest.Filters.PERMISSION_TYPE)));
    }
}
