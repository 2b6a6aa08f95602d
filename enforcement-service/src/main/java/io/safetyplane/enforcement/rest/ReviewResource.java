package io.safetyplane.enforcement.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import io.safetyplane.enforcement.evidence.EvidenceVault;
import io.safetyplane.enforcement.model.AbuseReportEntity;
import io.safetyplane.enforcement.model.EvidenceEntity;
import io.safetyplane.enforcement.model.ReviewItemEntity;
import io.safetyplane.enforcement.model.ViolationEntity;
import io.safetyplane.enforcement.review.ReviewDecisions;
import io.safetyplane.enforcement.review.ReviewQueue;
import io.safetyplane.service.Failure;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The review queue for staff: reviewers take the reviewer queue; senior reviewers and admins both queues. */
@Path("/v1/review-items")
@Tag(name = "review")
@RolesAllowed({ "reviewer", "senior-reviewer", "admin" })
@Produces(MediaType.APPLICATION_JSON)
public class ReviewResource {
    private static final int PAGE = 500;

    private final ReviewDecisions decisions;
    private final EvidenceVault vault;
    private final SecurityIdentity identity;

    public ReviewResource(ReviewDecisions decisions, EvidenceVault vault, SecurityIdentity identity) {
        this.decisions = decisions;
        this.vault = vault;
        this.identity = identity;
    }

    /**
     * A review item; {@code violation}, {@code abuseReport} and {@code evidence} only when reading one item. Reviewers see
     * evidence through its blurred greyscale preview; only tipline officers may read the bytes.
     */
    public record ReviewItemDto(UUID id, String kind, String state, String queue, String tenantId, String accountId, String endUserId,
            String category, String violationEventId, String decisionEventId, UUID abuseReportId, UUID sanctionId,
            String automatedVerdict, Instant createdAt, String firstReviewer, Instant firstReviewedAt, String outcome, String decidedBy,
            Instant decidedAt, String note, ViolationDto violation, AbuseReportDto abuseReport, List<EvidenceRef> evidence) {

        static ReviewItemDto of(ReviewItemEntity e) {
            return of(e, null, null, null);
        }

        static ReviewItemDto of(ReviewItemEntity e, ViolationEntity v, AbuseReportEntity r, List<EvidenceRef> evidence) {
            return new ReviewItemDto(e.id, e.kind, e.state, e.queue, e.tenantId, e.accountId, e.endUserId, e.category, e.violationEventId,
                    e.decisionEventId, e.abuseReportId, e.sanctionId, e.automatedVerdict, e.createdAt, e.firstReviewer, e.firstReviewedAt,
                    e.outcome, e.decidedBy, e.decidedAt, e.note, v == null ? null : ViolationDto.of(v), r == null ? null : AbuseReportDto.of(r),
                    evidence);
        }
    }

    /** Evidence preserved for the item's violation, and where its preview is. */
    public record EvidenceRef(UUID id, String contentType, long sizeBytes, String preview) {
        static EvidenceRef of(EvidenceEntity e) {
            return new EvidenceRef(e.id, e.contentType, e.sizeBytes, "/v1/evidence/" + e.id + "/preview");
        }
    }

    /** The flagged violation: what the detector said, never the content. */
    public record ViolationDto(String detector, String category, String severity, String verdict, String stage, boolean reportable,
            String contentId, String policyVersion, Instant occurredAt, String ladderReason) {
        static ViolationDto of(ViolationEntity v) {
            return new ViolationDto(v.detector, v.category, v.severity, v.verdict, v.stage, v.reportable, v.contentId, v.policyVersion,
                    v.occurredAt, v.ladderReason);
        }
    }

    /** The abuse report as filed (its reporter's address is not kept). */
    public record AbuseReportDto(String category, String description, String contentRef, String contact, Instant receivedAt) {
        static AbuseReportDto of(AbuseReportEntity r) {
            return new AbuseReportDto(r.category, r.description, r.contentRef, r.reporterContact, r.receivedAt);
        }
    }

    /** A reviewer's decision on an item. */
    public record DecisionRequest(
            @NotNull @Pattern(regexp = "confirm|overturn|escalate", message = "must be confirm, overturn or escalate") String outcome,
            @Size(max = 2000) String note) {
    }

    @GET
    @WithSession
    @Operation(summary = "Review items, oldest first: by default those not yet decided in every queue the caller takes")
    public Uni<List<ReviewItemDto>> list(@QueryParam("queue") String queue, @QueryParam("state") String state,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (queue != null && !ReviewQueue.QUEUES.contains(queue)) {
            throw Failure.invalid("invalid-queue", "Invalid queue", "queue must be one of " + ReviewQueue.QUEUES);
        }
        if (state != null && !ReviewQueue.STATES.contains(state)) {
            throw Failure.invalid("invalid-state", "Invalid state", "state must be one of " + ReviewQueue.STATES);
        }
        if (queue != null && !ReviewQueue.mayTake(identity, queue)) {
            throw new ForbiddenException("the " + queue + " queue is not the caller's");
        }
        List<String> queues = queue != null ? List.of(queue) : ReviewQueue.QUEUES.stream().filter(q -> ReviewQueue.mayTake(identity, q)).toList();
        String where = state == null ? "queue in :queues and state <> :state" : "queue in :queues and state = :state";
        return ReviewItemEntity.<ReviewItemEntity>find(where + " order by createdAt, id",
                Parameters.with("queues", queues).and("state", state == null ? ReviewQueue.DECIDED : state))
                .page(0, Math.max(1, Math.min(limit, PAGE))).list()
                .map(items -> items.stream().map(ReviewItemDto::of).toList());
    }

    @GET
    @Path("{id}")
    @WithSession
    @Operation(summary = "One review item, with the violation or abuse report it is about")
    public Uni<ReviewItemDto> get(@PathParam("id") UUID id) {
        return ReviewItemEntity.<ReviewItemEntity>findById(id).flatMap(e -> {
            if (e == null) {
                throw new Failure(Failure.Kind.NOT_FOUND, "unknown-review-item", "Unknown review item", "no review item " + id);
            }
            if (!ReviewQueue.mayTake(identity, e.queue)) {
                throw new ForbiddenException("the item is in the " + e.queue + " queue");
            }
            Uni<ViolationEntity> v = e.violationEventId == null ? Uni.createFrom().nullItem() : ViolationEntity.findById(e.violationEventId);
            Uni<AbuseReportEntity> r = e.abuseReportId == null ? Uni.createFrom().nullItem() : AbuseReportEntity.findById(e.abuseReportId);
            Uni<List<EvidenceRef>> evidence = e.violationEventId == null ? Uni.createFrom().item(List.of())
                    : vault.ofViolation(e.violationEventId).map(files -> files.stream().map(EvidenceRef::of).toList());
            return v.flatMap(violation -> r.flatMap(report -> evidence.map(files -> ReviewItemDto.of(e, violation, report, files))));
        });
    }

    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Decide an item: confirm, overturn or escalate; a permanent disable needs two different reviewers")
    public Uni<ReviewItemDto> decide(@PathParam("id") UUID id, @Valid @NotNull DecisionRequest body) {
        return decisions.decide(id, body.outcome(), body.note(), identity).map(ReviewItemDto::of);
    }
}
