package io.safetyplane.hash.replication;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import io.safetyplane.contracts.hash.v1.BankChange;

/**
 * A replica's local copy of the bank-changes topic up to known offsets, so that a restart replays
 * only what came after. Layout: magic, version, topic name and id, next offset per partition, then
 * length-prefixed {@link BankChange} records, a -1 terminator and a CRC-32 of all that precedes.
 * Written to a temporary file and moved into place, so a crash never leaves a half snapshot.
 */
final class Snapshot {
    private static final int MAGIC = 0x53504853; // "SPHS"
    private static final int VERSION = 1;

    record Header(String topic, String topicId, long[] nextOffsets) {
    }

    private Snapshot() {
    }

    static void write(Path file, Header header, Consumer<Consumer<BankChange>> contents) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        CRC32 crc = new CRC32();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
                DataOutputStream out = new DataOutputStream(checked)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(header.topic());
            out.writeUTF(header.topicId());
            out.writeInt(header.nextOffsets().length);
            for (long o : header.nextOffsets()) {
                out.writeLong(o);
            }
            contents.accept(change -> {
                try {
                    byte[] bytes = change.toByteArray();
                    out.writeInt(bytes.length);
                    out.write(bytes);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.writeInt(-1);
            out.flush();
            new DataOutputStream(raw).writeLong(crc.getValue());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a snapshot. The checksum is verified in a first pass, before any record is handed to
     * {@code records}, so a corrupt or truncated file changes nothing.
     */
    static Header read(Path file, Consumer<BankChange> records) throws IOException {
        verifyChecksum(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IOException("not a bank snapshot of version " + VERSION);
            }
            String topic = in.readUTF();
            String topicId = in.readUTF();
            int partitions = in.readInt();
            if (partitions < 1 || partitions > 100_000) {
                throw new IOException("implausible partition count " + partitions);
            }
            long[] offsets = new long[partitions];
            for (int i = 0; i < partitions; i++) {
                offsets[i] = in.readLong();
            }
            for (int len = in.readInt(); len != -1; len = in.readInt()) {
                if (len < 0 || len > (1 << 24)) {
                    throw new IOException("corrupt record length " + len);
                }
                records.accept(BankChange.parseFrom(in.readNBytes(len)));
            }
            return new Header(topic, topicId, offsets);
        }
    }

    private static void verifyChecksum(Path file) throws IOException {
        long size = Files.size(file);
        if (size < 8) {
            throw new IOException("snapshot is truncated");
        }
        CRC32 crc = new CRC32();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            long left = size - 8;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("snapshot is truncated");
                }
                crc.update(buf, 0, n);
                left -= n;
            }
            if (new DataInputStream(in).readLong() != crc.getValue()) {
                throw new IOException("snapshot checksum mismatch");
            }
        }
    }
}
