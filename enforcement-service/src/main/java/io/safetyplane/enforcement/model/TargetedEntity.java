package io.safetyplane.enforcement.model;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.safetyplane.enforcement.ladder.Target;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** A row about one target: an account of a tenant, or one of a business's end users ({@code ''} for the account). */
@MappedSuperclass
public abstract class TargetedEntity extends PanacheEntityBase {
    @Column(name = "tenant_id")
    public String tenantId;
    @Column(name = "account_id")
    public String accountId;
    @Column(name = "end_user_id")
    public String endUserId;

    /** The target this row concerns. */
    public Target target() {
        return Target.of(tenantId, accountId, endUserId);
    }

    /** {@code tenant/account[/end-user]}, as {@link Target#key()}. */
    public String targetKey() {
        return target().key();
    }
}
