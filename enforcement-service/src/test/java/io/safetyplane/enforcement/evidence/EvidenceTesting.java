package io.safetyplane.enforcement.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import javax.imageio.ImageIO;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.safetyplane.contracts.common.v1.RequestContext;
import io.safetyplane.contracts.enforcement.v1.BankMatch;
import io.safetyplane.contracts.enforcement.v1.EvidenceGrpc;
import io.safetyplane.contracts.enforcement.v1.PreserveRequest;
import io.safetyplane.contracts.events.v1.ContentHash;
import io.safetyplane.contracts.events.v1.ContentStage;
import io.safetyplane.testsupport.PostgresResource;
import io.safetyplane.testsupport.TestTokens;

/** Preserving evidence over gRPC and reading the tables beside the service, for the evidence tests. */
final class EvidenceTesting {
    static final String REVIEWER = TestTokens.token("ev-reviewer-1", "reviewer");
    static final String SENIOR = TestTokens.token("ev-senior-1", "senior-reviewer");
    static final String OFFICER = TestTokens.token("ev-officer-1", "tipline-officer");
    static final String ADMIN = TestTokens.token("ev-admin-1", "admin");
    static final String AUDITOR = TestTokens.token("ev-auditor-1", "auditor");

    private EvidenceTesting() {
    }

    static ManagedChannel channel(URL url) {
        return ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
    }

    static EvidenceGrpc.EvidenceBlockingStub stub(ManagedChannel channel) {
        return EvidenceGrpc.newBlockingStub(channel);
    }

    /** A valid request for {@code bytes} (image/png, upload stage), no matches. */
    static PreserveRequest.Builder request(byte[] bytes) {
        String run = UUID.randomUUID().toString();
        return PreserveRequest.newBuilder()
                .setContext(RequestContext.newBuilder().setRequestId("req-" + run).setTenantId("acme").setAccountId("acct-" + run)
                        .setEndUserId("eu-" + run).setClientIp("203.0.113.7").setModel("image-gen-3"))
                .setData(ByteString.copyFrom(bytes)).setContentType("image/png").setContentId("upload-" + run)
                .setOriginalFileName("holiday.png").setStage(ContentStage.CONTENT_STAGE_UPLOAD)
                .setReceivedAtMillis(System.currentTimeMillis()).setViolationEventId("viol-" + run).setCategory("csam")
                .addHashes(ContentHash.newBuilder().setType("sha256").setValue(hex("SHA-256", bytes)))
                .addHashes(ContentHash.newBuilder().setType("md5").setValue(hex("MD5", bytes)));
    }

    static BankMatch match(String action) {
        return BankMatch.newBuilder().setBank("ncmec-demo").setEntryId("e-1").setExternalId("ncmec-123").setSignalType("pdq")
                .setDistance(12).setAction(action).build();
    }

    /** A PNG of {@code w} x {@code h} pixels, with a random pixel so that each call gives new bytes. */
    static byte[] png(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x < w / 2 ? 0x203040 : 0xE0D0C0);
            }
        }
        img.setRGB(0, 0, (int) (Math.random() * 0xFFFFFF));
        img.setRGB(1, 0, UUID.randomUUID().hashCode() & 0xFFFFFF);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String jdbcUrl() {
        URI uri = URI.create(PostgresResource.url());
        return "jdbc:postgresql://" + uri.getHost() + ":" + uri.getPort() + uri.getPath();
    }

    /** The first column of each row. */
    static List<Object> column(String sql, Object... args) {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "app", "app"); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<Object> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getObject(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String sql, Object... args) {
        return ((Number) column(sql, args).get(0)).longValue();
    }

    /** Audit entries of {@code action} on the evidence {@code id} by {@code actor}. */
    static long audited(String action, String id, String actor) {
        return count("select count(*) from audit_log where action = ? and subject_type = 'evidence' and subject_id = ? and actor_id = ?",
                action, id, actor);
    }
}
