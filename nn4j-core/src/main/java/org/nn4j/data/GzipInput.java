package org.nn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decompressed bytes of a gzip file (RFC 1952): one or more members, each a header, deflate data and a trailer of
 * CRC-32 and length, both checked. Unlike {@link java.util.zip.GZIPInputStream}, which stops silently at bytes after
 * a member that do not start another one, anything after the last member is refused; and every error names the file
 * and the byte offset in it.
 */
final class GzipInput extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final PushbackInputStream in;
    private final String source;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer = new byte[1 << 16];
    private final byte[] one = new byte[1];
    private int lastFill;
    private long offset;
    private long memberStart;
    private boolean end;

    /** Reads the first member's header; {@code source} names the file in messages. */
    GzipInput(InputStream raw, String source) throws IOException {
        this.in = new PushbackInputStream(raw, buffer.length);
        this.source = source;
        header();
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!end) {
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw fail("corrupt deflate data in the member that starts at byte " + memberStart + ": "
                        + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                return n;
            }
            if (inflater.finished()) {
                int rest = inflater.getRemaining();
                if (rest > 0) {
                    in.unread(buffer, lastFill - rest, rest);
                    offset -= rest;
                }
                trailer();
            } else if (inflater.needsInput()) {
                lastFill = in.read(buffer);
                if (lastFill < 0) {
                    throw fail("truncated: the file ends inside the compressed data of the member that starts at "
                            + "byte " + memberStart);
                }
                offset += lastFill;
                inflater.setInput(buffer, 0, lastFill);
            } else {
                throw fail("the member that starts at byte " + memberStart + " needs a preset dictionary, which "
                        + "gzip does not have");
            }
        }
        return -1;
    }

    /** Checks a member's trailer; then either another member follows or the file must end. */
    private void trailer() throws IOException {
        long storedCrc = uint32("the trailer");
        long storedSize = uint32("the trailer");
        if (storedCrc != crc.getValue()) {
            throw fail(String.format("the member that starts at byte %d has CRC-32 %08x but its data gives %08x: "
                    + "the data is corrupt", memberStart, storedCrc, crc.getValue()));
        }
        if (storedSize != (inflater.getBytesWritten() & 0xFFFFFFFFL)) {
            throw fail("the member that starts at byte " + memberStart + " records " + storedSize
                    + " bytes (mod 2^32) but decompresses to " + inflater.getBytesWritten());
        }
        int next = in.read();
        if (next < 0) {
            end = true;
            return;
        }
        in.unread(next);
        inflater.reset();
        crc.reset();
        header();
    }

    /** Reads a member header (RFC 1952 §2.3), skipping the optional fields. */
    private void header() throws IOException {
        memberStart = offset;
        int id1 = in.read();
        int id2 = id1 < 0 ? -1 : in.read();
        if (id1 != 0x1f || id2 != 0x8b) {
            if (memberStart == 0) {
                throw fail("not gzip: it does not start with the gzip magic bytes 1f 8b");
            }
            throw fail("trailing data after the gzip member that ends at byte " + memberStart + " (not another gzip "
                    + "member); the file is damaged or has something appended");
        }
        offset += 2;
        int method = byteOf("the header");
        if (method != 8) {
            throw fail("compression method " + method + " at byte " + (offset - 1) + "; gzip defines only 8 "
                    + "(deflate)");
        }
        int flags = byteOf("the header");
        if ((flags & 0xE0) != 0) {
            throw fail(String.format("reserved header flags 0x%02x set at byte %d", flags, offset - 1));
        }
        skip(6, "the header"); // modification time, extra flags, operating system
        if ((flags & FEXTRA) != 0) {
            skip(byteOf("the extra field") | byteOf("the extra field") << 8, "the extra field");
        }
        if ((flags & FNAME) != 0) {
            while (byteOf("the file name") != 0) {
                continue;
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (byteOf("the comment") != 0) {
                continue;
            }
        }
        if ((flags & FHCRC) != 0) {
            skip(2, "the header");
        }
    }

    private long uint32(String where) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) byteOf(where) << (8 * i);
        }
        return v;
    }

    private void skip(int n, String where) throws IOException {
        for (int i = 0; i < n; i++) {
            byteOf(where);
        }
    }

    private int byteOf(String where) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw fail("truncated: the file ends at byte " + offset + ", inside " + where + " of the gzip member "
                    + "that starts at byte " + memberStart);
        }
        offset++;
        return b;
    }

    private IOException fail(String reason) {
        return new IOException(source + ": gzip: " + reason);
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }
}
