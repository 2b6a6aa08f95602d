package io.safetyplane.service.rest;

import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.safetyplane.contracts.common.v1.RequestContext;
import jakarta.ws.rs.HeaderParam;

/**
 * The request context of an API whose body is the media itself: one {@code Safety-Context-*} header per
 * {@code RequestContext} field. Use as a {@code @BeanParam}.
 */
public class RequestContextHeaders {
    @HeaderParam("Safety-Context-Request-Id")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.request_id")
    public String requestId;

    @HeaderParam("Safety-Context-Tenant-Id")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.tenant_id")
    public String tenantId;

    @HeaderParam("Safety-Context-Account-Id")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.account_id")
    public String accountId;

    @HeaderParam("Safety-Context-End-User-Id")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.end_user_id")
    public String endUserId;

    @HeaderParam("Safety-Context-Api-Key-Id")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.api_key_id")
    public String apiKeyId;

    @HeaderParam("Safety-Context-Client-Ip")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.client_ip")
    public String clientIp;

    @HeaderParam("Safety-Context-Model")
    @Parameter(in = ParameterIn.HEADER, description = "RequestContext.model: the generative model the request targets")
    public String model;

    public RequestContext toProto() {
        return new RequestContextDto(requestId, tenantId, accountId, endUserId, apiKeyId, clientIp, model).toProto();
    }
}
