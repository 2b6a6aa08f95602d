package io.safetyplane.hash.bank;

import io.safetyplane.hash.signal.QuerySignal;

/** One bank entry that a query signal matched, and how closely. */
public record BankMatch(Bank bank, BankEntry entry, QuerySignal signal, int distance, String transform) {
}
