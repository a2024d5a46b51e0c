package org.nn4j.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a file all at once: the content goes to a temporary file beside the target, is flushed to the disk
 * ({@code fsync}), and is renamed over the target; on POSIX systems the directory is then flushed too, so the rename
 * itself survives a power cut. A process killed at any point leaves either the old file or the new one, never a
 * mixture (at worst a stray {@code .NAME.*.tmp} beside it). This is the protocol of SQLite's and Git's writers.
 *
 * <p>A symbolic link at the target is written through: the file it points to is replaced, the link stays. A target
 * that exists and is not a regular file (a device such as {@code /dev/null}, a directory) is refused, since renaming
 * over it would replace it.
 */
public final class AtomicFile {
    private static final AtomicLong COUNTER = new AtomicLong();
    /** Writes the whole content to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFile() {
    }

    /** Writes {@code content} to {@code path} (or the file it links to) atomically, creating the parent directories. */
    public static void write(Path path, Content content) throws IOException {
        Path target = path;
        if (Files.isSymbolicLink(path)) {
            try {
                target = path.toRealPath();
            } catch (NoSuchFileException e) {
                throw new IOException(path + ": a symbolic link to " + Files.readSymbolicLink(path)
                        + ", which does not exist", e);
            }
        }
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            throw new IOException(path + ": exists and is not a regular file; it is not replaced");
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createTemporary(dir, target.getFileName().toString());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file {@code .NAME.<pid>-<n>.tmp} in {@code dir}, with the permissions any new file gets there
     * (the umask's) — {@code Files.createTempFile} would make it, and so the model, readable by its owner only.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        while (true) {
            Path tmp = dir.resolve("." + name + "." + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet()
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                continue; // left by a killed process that had the same id: take the next name
            }
        }
    }

    /** As {@link #write(Path, Content)}, for content already in memory. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Flushes the directory entry of the renamed file. POSIX systems allow opening a directory for this; Windows
     * does not (and its rename is durable once it returns), so it is skipped there.
     */
    private static void syncDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
