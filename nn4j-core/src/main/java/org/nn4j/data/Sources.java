package org.nn4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opening input files with messages that name the file and the cause, and cutting cells for messages. */
public final class Sources {
    private static final int SHOWN = 60;

    private Sources() {
    }

    /**
     * Opens {@code file} for reading; a missing file, a directory or one that may not be read fails with an
     * {@link IOException} saying which.
     */
    public static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not a file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied (the file cannot be read)", e);
        } catch (IOException e) {
            throw new IOException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** {@code text} as a message shows it: whole when short, else its start and its length. */
    public static String cut(String text) {
        return text.length() <= SHOWN ? text
                : text.substring(0, SHOWN) + "…\" (" + String.format("%,d", text.length()) + " characters) \"";
    }

    /**
     * Where the first byte sequence that is not UTF-8 lies in {@code file}: "line L, byte B (0xHH)", read afresh
     * because a buffered decoder fails ahead of the line its reader has reached.
     */
    static String firstNonUtf8(Path file) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        long line = 1;
        long offset = 0;
        try (InputStream s = open(file)) {
            boolean end = false;
            while (!end) {
                int n = s.read(in.array(), in.position(), in.remaining());
                end = n < 0;
                in.position(in.position() + Math.max(n, 0)).flip();
                int before = in.position();
                CoderResult r = decoder.decode(in, out, end);
                offset += in.position() - before;
                out.flip();
                while (out.hasRemaining()) {
                    line += out.get() == '\n' ? 1 : 0;
                }
                out.clear();
                if (r.isError()) {
                    return "line " + line + ", byte " + offset + String.format(" (0x%02X)", in.get() & 0xFF);
                }
                in.compact();
            }
        }
        return "somewhere";
    }
}
