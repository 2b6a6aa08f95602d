package io.safetyplane.enforcement.notification;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.safetyplane.enforcement.model.NoticeDeliveryEntity;
import io.safetyplane.enforcement.model.NoticeEntity;

/**
 * A notice as the API and the webhook show it.
 *
 * @param endUserId the tenant's own id of the end user concerned, or {@code ''} for the account
 * @param statement the statement of reasons, with the DSA Transparency Database's field names
 * @param delivery the state of the delivery to the tenant's webhook; absent in the webhook's own payload
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NoticeView(UUID id, String kind, UUID sanctionId, String tenantId, String accountId, String endUserId,
        String subject, String body, Map<String, Object> statement, Instant appealDeadline, Instant createdAt,
        Delivery delivery) {

    /** Where the webhook delivery stands: delivered, or when it is tried next and why the last attempt failed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(int attempts, Instant deliveredAt, Instant nextAttemptAt, String lastError) {
    }

    public static NoticeView of(NoticeEntity n, NoticeDeliveryEntity d) {
        return new NoticeView(n.id, n.kind, n.sanctionId, n.tenantId, n.accountId, n.endUserId, n.subject, n.body, n.statement,
                n.appealDeadline, n.createdAt,
                d == null ? null : new Delivery(d.attempts, d.deliveredAt, d.deliveredAt == null ? d.nextAttemptAt : null, d.lastError));
    }
}
