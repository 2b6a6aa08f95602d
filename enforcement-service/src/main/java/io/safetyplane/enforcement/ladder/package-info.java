/**
 * The enforcement ladder: how a violation becomes a sanction on an account or on a business customer's end user.
 *
 * <p>Plain Java, no I/O: {@link io.safetyplane.enforcement.ladder.LadderPolicy} is read from flat configuration,
 * {@link io.safetyplane.enforcement.ladder.Ladder#decide} turns one {@link io.safetyplane.enforcement.ladder.ViolationFacts}
 * and the subject's strikes into a {@link io.safetyplane.enforcement.ladder.Decision}, and
 * {@link io.safetyplane.enforcement.ladder.Standing#of} computes standing from the sanctions still in force. Every type is
 * immutable and thread-safe; the service owns persistence, notices, appeals and the second reviewer's queue.
 */
package io.safetyplane.enforcement.ladder;
