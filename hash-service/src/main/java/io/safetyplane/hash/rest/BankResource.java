package io.safetyplane.hash.rest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.safetyplane.hash.bank.BankEntry;
import io.safetyplane.hash.bank.BankState;
import io.safetyplane.hash.bank.BankStore;
import io.safetyplane.hash.service.BankAdmin;
import io.safetyplane.hash.signal.PdqSignal;
import io.safetyplane.pdq.PdqHash;
import io.safetyplane.service.Failure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** Bank administration; every operation needs a JWT with role {@value #ROLE}. */
@Path("/v1/banks")
@Tag(name = "banks")
@RolesAllowed(BankResource.ROLE)
@SecurityRequirement(name = "jwt")
@Produces(MediaType.APPLICATION_JSON)
public class BankResource {
    public static final String ROLE = "hash-admin";

    private final BankAdmin admin;
    private final BankStore store;

    public BankResource(BankAdmin admin, BankStore store) {
        this.admin = admin;
        this.store = store;
    }

    @GET
    @Operation(summary = "List banks")
    public List<Dto.BankView> list() {
        return store.banks().stream().map(Dto.BankView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a bank")
    public Response create(Dto.BankRequest r) {
        if (r == null) {
            throw Failure.invalid("invalid-bank", "Invalid bank settings", "a JSON body with the bank's settings is required");
        }
        admin.create(r.name(), settings(r));
        return Response.created(URI.create("/v1/banks/" + r.name())).entity(Dto.BankView.of(admin.bank(r.name()))).build();
    }

    @GET
    @Path("{bank}")
    @Operation(summary = "One bank's settings and entry counts")
    public Dto.BankView get(@RestPath String bank) {
        return Dto.BankView.of(admin.bank(bank));
    }

    @PATCH
    @Path("{bank}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a bank's settings; absent fields stay as they are (set enabled=false to disable)")
    public Dto.BankView update(@RestPath String bank, Dto.BankRequest r) {
        if (r == null) {
            throw Failure.invalid("invalid-bank", "Invalid bank settings", "a JSON body with the settings to change is required");
        }
        if (r.name() != null && !r.name().equals(bank)) {
            throw Failure.invalid("invalid-bank", "Invalid bank settings", "a bank cannot be renamed");
        }
        admin.update(bank, settings(r));
        return Dto.BankView.of(admin.bank(bank));
    }

    @DELETE
    @Path("{bank}")
    @Operation(summary = "Delete a bank and all its entries")
    public Response delete(@RestPath String bank) {
        admin.delete(bank);
        return Response.noContent().build();
    }

    @POST
    @Path("{bank}/entries")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add entries; if any is invalid, none is added")
    public BankAdmin.Added add(@RestPath String bank, Dto.EntriesRequest r) {
        if (r == null || r.entries() == null || r.entries().isEmpty()) {
            throw Failure.invalid("no-entries", "No entries", "the request must carry at least one entry");
        }
        return admin.add(bank, r.entries().stream()
                .map(e -> e == null ? new BankAdmin.NewEntry(null, null, null) : new BankAdmin.NewEntry(e.signalType(), e.hash(), e.externalId()))
                .toList());
    }

    @POST
    @Path("{bank}/entries:remove")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remove entries; reports those that were not in the bank")
    public BankAdmin.Removed remove(@RestPath String bank, Dto.RemoveRequest r) {
        if (r == null || r.entries() == null || r.entries().isEmpty()) {
            throw Failure.invalid("no-entries", "No entries", "the request must carry at least one entry");
        }
        return admin.remove(bank, r.entries().stream()
                .map(e -> e == null ? new BankAdmin.EntryKey(null, null) : new BankAdmin.EntryKey(e.signalType(), e.hash()))
                .toList());
    }

    @DELETE
    @Path("{bank}/entries/{signalType}/{hash}")
    @Operation(summary = "Remove one entry")
    public Response removeOne(@RestPath String bank, @RestPath String signalType, @RestPath String hash) {
        BankAdmin.Removed removed = admin.remove(bank, List.of(new BankAdmin.EntryKey(signalType, hash)));
        if (removed.removed() == 0) {
            throw new Failure(Failure.Kind.NOT_FOUND, "unknown-entry", "Unknown entry",
                    "bank '" + bank + "' has no " + signalType + " entry " + hash);
        }
        return Response.noContent().build();
    }

    @POST
    @Path("{bank}/entries:import")
    @Consumes({ MediaType.TEXT_PLAIN, "text/csv" })
    @Operation(summary = "Import a hash list: text/plain with one hash per line (signalType required), or text/csv with a "
            + "header naming hash, signal_type and optionally external_id. Any malformed line rejects the whole file unless "
            + "skipBadLines=true.")
    public BankAdmin.Imported importList(@RestPath String bank, @RestQuery String signalType, @RestQuery boolean skipBadLines,
            @HeaderParam("Content-Type") String contentType, InputStream body) throws IOException {
        boolean csv = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/csv");
        if (!csv && (signalType == null || signalType.isBlank())) {
            throw Failure.invalid("missing-signal-type", "Missing signal type",
                    "a plain hash list needs ?signalType=pdq|md5|sha256 (or send text/csv with a signal_type column)");
        }
        return admin.importList(bank, new InputStreamReader(body, StandardCharsets.UTF_8), csv, signalType, skipBadLines);
    }

    @GET
    @Path("{bank}/entries:export")
    @Produces("text/csv")
    @Operation(summary = "Export a bank's entries as CSV (signal_type,hash,external_id,added_at), re-importable as is")
    public Response export(@RestPath String bank) {
        List<BankEntry> entries = store.entries(admin.bank(bank));
        StreamingOutput out = os -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8));
            w.write("signal_type,hash,external_id,added_at\n");
            for (BankEntry e : entries) {
                w.write(e.signalType() + "," + e.hash() + "," + csv(e.externalId()) + "," + e.addedAt() + "\n");
            }
            w.flush();
        };
        return Response.ok(out).header("Content-Disposition", "attachment; filename=\"" + bank + ".csv\"").build();
    }

    @GET
    @Path("{bank}/stats")
    @Operation(summary = "Entry counts, index memory and data-quality figures of one bank")
    public Dto.BankStats stats(@RestPath String bank) {
        BankState state = admin.bank(bank);
        Map<String, Integer> counts = state.counts();
        int odd = 0;
        Instant newest = null;
        for (BankEntry e : store.entries(state)) {
            if (e.signalType().equals(PdqSignal.NAME) && PdqHash.fromHex(e.hash()).bitCount() != 128) {
                odd++;
            }
            if (newest == null || e.addedAt().isAfter(newest)) {
                newest = e.addedAt();
            }
        }
        return new Dto.BankStats(bank, counts, counts.values().stream().mapToInt(Integer::intValue).sum(), state.indexBytes(),
                odd, newest);
    }

    private static BankAdmin.BankSettings settings(Dto.BankRequest r) {
        return new BankAdmin.BankSettings(r.source(), r.category(), r.pdqThreshold(), r.qualityFloor(), r.enabled(), r.action(),
                r.description());
    }

    private static String csv(String value) {
        if (value == null) {
            return "";
        }
        if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
