package io.safetyplane.filter.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.grpc.GrpcClient;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.GetStandingRequest;
import io.safetyplane.contracts.enforcement.v1.MutinyAccountsGrpc;
import io.safetyplane.contracts.enforcement.v1.Standing;
import io.safetyplane.contracts.enforcement.v1.StandingState;
import io.safetyplane.filter.config.FilterServiceConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Account standings from the enforcement-service ({@code safety.enforcement.v1.Accounts/GetStanding}), held briefly
 * in a small bounded cache so that a burst of one account's requests asks once. Only answers are cached, never
 * failures; a sanction applied meanwhile is seen at most {@code filter-service.gate.standings.cache-ttl} later.
 */
@ApplicationScoped
public class AccountStandings {
    static final String SERVICE = "enforcement-service";

    private final MutinyAccountsGrpc.MutinyAccountsStub accounts;
    private final long deadlineMillis;
    private final long ttlNanos;
    private final int capacity;
    /** Insertion order: the oldest entry is dropped first when the cache is full. */
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>();

    private record Cached(Standing standing, long expiresAtNanos) {
    }

    public AccountStandings(@GrpcClient("enforcement") MutinyAccountsGrpc.MutinyAccountsStub accounts, FilterServiceConfig config) {
        this.accounts = accounts;
        this.deadlineMillis = config.gate().standingTimeout().toMillis();
        this.ttlNanos = config.gate().standings().cacheTtl().toNanos();
        this.capacity = config.gate().standings().cacheSize();
    }

    /** The standing of the context's account, for its end user when it names one. */
    public Uni<Call<Standing>> lookup(RequestContext context) {
        String key = context.getTenantId() + '\u0000' + context.getAccountId() + '\u0000' + context.getEndUserId();
        Standing cached = cached(key);
        if (cached != null) {
            return Uni.createFrom().item(Call.done(cached));
        }
        GetStandingRequest request = GetStandingRequest.newBuilder().setTenantId(context.getTenantId())
                .setAccountId(context.getAccountId()).setEndUserId(context.getEndUserId()).build();
        return Uni.createFrom().deferred(() -> accounts.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS).getStanding(request))
                .map(s -> {
                    if (s.getState() == StandingState.STANDING_STATE_UNSPECIFIED || s.getState() == StandingState.UNRECOGNIZED) {
                        return Call.<Standing>unavailable(SERVICE + " answered without a standing state");
                    }
                    put(key, s);
                    return Call.done(s);
                })
                .onFailure().recoverWithItem(t -> DownstreamFailures.of("standing", SERVICE, t));
    }

    private Standing cached(String key) {
        if (ttlNanos <= 0) {
            return null;
        }
        synchronized (cache) {
            Cached c = cache.get(key);
            if (c == null) {
                return null;
            }
            if (System.nanoTime() - c.expiresAtNanos() >= 0) {
                cache.remove(key);
                return null;
            }
            return c.standing();
        }
    }

    private void put(String key, Standing standing) {
        if (ttlNanos <= 0) {
            return;
        }
        synchronized (cache) {
            cache.remove(key); // a refreshed entry moves to the young end
            cache.put(key, new Cached(standing, System.nanoTime() + ttlNanos));
            while (cache.size() > capacity) {
                Map.Entry<String, Cached> oldest = cache.entrySet().iterator().next();
                cache.remove(oldest.getKey());
            }
        }
    }
}
