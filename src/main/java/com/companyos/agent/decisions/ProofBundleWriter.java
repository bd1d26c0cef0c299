package com.companyos.agent.decisions;

import com.companyos.agentapi.data.SignedReceipt;
import com.companyos.base.Hashing;
import com.companyos.pki.MerkleRootBuilder;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a proof bundle's zip straight to its destination while the receipts stream past: {@code receipts.jsonl}
 * first (one line per receipt: its body exactly as signed, the signature, the key), its SHA-256 and its Merkle roots
 * computed on the way, then the small files, each digested as it is written. What it keeps is a digest per file, a
 * root per hour and O(log n) hashes of the running hour's tree — never a receipt it already wrote.
 * <p>
 * The receipts' roots are the Trust Report's (ADR 0009): an hour's root is the RFC 6962 root over SHA-256(0x00 || body)
 * of its receipts in receipt-ID order, and the bundle's root is the root over the entries {@code <hour>:<count>:<root>}
 * — so a bundle of whole hours reproduces a Trust Report's region root for the same period.
 */
final class ProofBundleWriter implements AutoCloseable {

    static final String RECEIPTS = "receipts.jsonl";

    /** An hour of the bundle's receipts. */
    record Hour(Instant hour, long receipts, String root) {
        String entry() {
            return hour + ":" + receipts + ":" + root;
        }
    }

    /** The receipts as written: how many, their hours, the bundle root over the hours, and the file's SHA-256. */
    record Receipts(long count, List<Hour> hours, String root, String sha256, long bytes) {
    }

    private final CountingDigest total;
    private final ZipOutputStream zip;
    private final String folder;
    private final Map<String, String> digests = new LinkedHashMap<>();
    private boolean finished;

    ProofBundleWriter(OutputStream destination, String folder) {
        this.total = new CountingDigest(destination);
        this.zip = new ZipOutputStream(new BufferedOutputStream(total, 1 << 16));
        this.folder = folder.endsWith("/") ? folder : folder + "/";
    }

    /** The receipts file, open for {@link ReceiptLines#add}; {@link ReceiptLines#finish} closes its entry. */
    ReceiptLines receipts() throws IOException {
        zip.setLevel(Deflater.BEST_SPEED); // most of the bundle's bytes and time; the small files get the default level
        zip.putNextEntry(new ZipEntry(folder + RECEIPTS));
        return new ReceiptLines();
    }

    /** One small file, digested for the manifest. */
    void entry(String name, byte[] bytes) throws IOException {
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
        zip.putNextEntry(new ZipEntry(folder + name));
        zip.write(bytes);
        zip.closeEntry();
        digests.put(name, Hashing.sha256Hex(bytes));
    }

    void entry(String name, String text) throws IOException {
        entry(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-256 of every file written so far, by name, in the order written. */
    Map<String, String> digests() {
        return digests;
    }

    /** Ends the zip (central directory) and flushes it to the destination. */
    void finish() throws IOException {
        zip.finish();
        zip.flush();
        finished = true;
    }

    /** Bytes of zip written to the destination so far. */
    long bytes() {
        return total.count;
    }

    /** The SHA-256 of the whole zip, once {@link #finish finished}. */
    String sha256() {
        return HexFormat.of().formatHex(total.sha.digest());
    }

    /**
     * Closes a finished zip; an unfinished one is left without its central directory, so a build that failed part-way
     * never reaches the person as a well-formed zip (the failure cuts the response short).
     */
    @Override
    public void close() throws IOException {
        if (finished) {
            zip.close();
        }
    }

    /** The receipts entry being written: a JSON line per receipt, the hour roots on the way. */
    final class ReceiptLines {

        private final KeepOpen entry = new KeepOpen(zip);
        private final DigestOutputStream file = new DigestOutputStream(entry, Hashing.newSha256());
        private final JsonGenerator json;
        private final List<Hour> hours = new ArrayList<>();
        private final MerkleRootBuilder bundle = new MerkleRootBuilder();
        private MerkleRootBuilder hour;
        private Instant current;
        private long count;

        private ReceiptLines() throws IOException {
            json = new JsonFactory().createGenerator(file, JsonEncoding.UTF8);
            json.setRootValueSeparator(null);
        }

        /** The next receipt; hours come in ascending order and receipts of an hour in receipt-ID order. */
        void add(Instant hourOf, SignedReceipt r) throws IOException {
            if (!hourOf.equals(current)) {
                closeHour();
                current = hourOf;
                hour = new MerkleRootBuilder();
            }
            hour.addData(r.body().getBytes(StandardCharsets.UTF_8));
            json.writeStartObject();
            json.writeStringField("receiptId", r.receiptId());
            json.writeStringField("body", r.body());
            json.writeStringField("signature", r.signature());
            json.writeStringField("keyId", r.keyId());
            json.writeEndObject();
            json.writeRaw('\n');
            count++;
        }

        long count() {
            return count;
        }

        Receipts finish() throws IOException {
            closeHour();
            json.flush();
            zip.closeEntry();
            String sha = HexFormat.of().formatHex(file.getMessageDigest().digest());
            digests.put(RECEIPTS, sha);
            return new Receipts(count, List.copyOf(hours), bundle.root(), sha, entry.count);
        }

        private void closeHour() {
            if (current != null) {
                Hour h = new Hour(current, hour.count(), hour.root());
                hours.add(h);
                bundle.addData(h.entry().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The zip entry's stream, which the JSON generator must not close (that would end the whole zip). */
    private static final class KeepOpen extends FilterOutputStream {
        private long count;

        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /** Counts and digests what reaches the destination (the response), so the job records what was delivered. */
    private static final class CountingDigest extends FilterOutputStream {
        private final MessageDigest sha = Hashing.newSha256();
        private long count;

        CountingDigest(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            sha.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            sha.update(b, off, len);
            count += len;
        }
    }
}
