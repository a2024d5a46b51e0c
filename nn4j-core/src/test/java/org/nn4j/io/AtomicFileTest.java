package org.nn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    @Test
    void replacesTheFileAndLeavesNothingElse() throws IOException {
        Path target = dir.resolve("sub/m.nn");
        AtomicFile.write(target, new byte[] {1, 2, 3});
        AtomicFile.write(target, new byte[] {4, 5});
        assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(List.of(target), files.toList());
        }
    }

    /** Not the owner-only permissions of a temporary file: those of any new file in the directory. */
    @Test
    void theFileGetsTheUsualPermissions() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path target = dir.resolve("m.nn");
        AtomicFile.write(target, new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(target));
    }

    /** A failed write leaves the old file, and no temporary one. */
    @Test
    void aFailingWriterLeavesTheOldFile() throws IOException {
        Path target = dir.resolve("m.nn");
        AtomicFile.write(target, new byte[] {7});
        assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(new byte[] {8, 9});
            throw new IOException("disk full");
        }));
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }
}
