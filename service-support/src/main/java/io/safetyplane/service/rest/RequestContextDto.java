package io.safetyplane.service.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.safetyplane.contracts.common.v1.RequestContext;

/** Who asked, as in the gRPC {@code safety.common.v1.RequestContext}, for REST bodies. */
@Schema(name = "RequestContext", description = "Who asked: the platform request, the business customer (tenant), its account and "
        + "its own end-user id, API key, client IP and model")
public record RequestContextDto(String requestId, String tenantId, String accountId, String endUserId, String apiKeyId,
        String clientIp, String model) {

    public RequestContext toProto() {
        RequestContext.Builder b = RequestContext.newBuilder();
        if (requestId != null) b.setRequestId(requestId);
        if (tenantId != null) b.setTenantId(tenantId);
        if (accountId != null) b.setAccountId(accountId);
        if (endUserId != null) b.setEndUserId(endUserId);
        if (apiKeyId != null) b.setApiKeyId(apiKeyId);
        if (clientIp != null) b.setClientIp(clientIp);
        if (model != null) b.setModel(model);
        return b.build();
    }

    /** The context as protobuf; the empty context when {@code c} is null. */
    public static RequestContext toProto(RequestContextDto c) {
        return c == null ? RequestContext.getDefaultInstance() : c.toProto();
    }
}
