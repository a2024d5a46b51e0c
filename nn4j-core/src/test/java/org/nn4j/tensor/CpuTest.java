package org.nn4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CpuTest {
    private static String cpuinfo(String vendor, int family, String model, int siblings, int cores, String flags) {
        String one = "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel name\t: "
                + model + "\ncpu MHz\t\t: 2100.000\nsiblings\t: " + siblings + "\ncpu cores\t: " + cores
                + "\nflags\t\t: fpu " + flags + "\n\n";
        return one + one.replace("processor\t: 0", "processor\t: 1");
    }

    @Test
    void anIntelAvx512CoreHasTwo512BitFmaUnits() {
        Cpu cpu = Cpu.parse(cpuinfo("GenuineIntel", 6, "Xeon", 2, 2, "sse2 pni ssse3 fma avx avx2 avx512f avx512bw"),
                0);
        assertEquals(List.of("sse3", "ssse3", "avx", "fma", "avx2", "avx512f", "avx512bw"), cpu.extensions());
        assertEquals(512, cpu.fmaBits());
        assertEquals(2.1, cpu.ghz(), 1e-12);
        // 1 core × 2 FMA × 16 lanes × 2 flops × 2.1 GHz
        assertEquals(134.4, cpu.peakGflops(1), 1e-9);
    }

    @Test
    void zen4RunsAvx512OnHalfWidthUnitsAndTheMaximumClockWins() {
        Cpu cpu = Cpu.parse(cpuinfo("AuthenticAMD", 25, "EPYC", 2, 2, "pni fma avx2 avx512f"), 3_000_000);
        assertEquals(256, cpu.fmaBits());
        assertEquals("cpufreq's maximum", cpu.clockSource());
        assertEquals(2 * 2 * 8 * 2 * 3.0, cpu.peakGflops(8), 1e-9, "capped at the cores");
        assertEquals(512, Cpu.parse(cpuinfo("AuthenticAMD", 26, "EPYC", 2, 2, "fma avx512f"), 0).fmaBits());
    }

    @Test
    void hyperThreadsShareACoreAndNoFmaMeansNoPeak() {
        Cpu ht = Cpu.parse(cpuinfo("GenuineIntel", 6, "Xeon", 4, 2, "pni fma avx2"), 0);
        int logical = Runtime.getRuntime().availableProcessors();
        assertEquals(Math.max(1, logical / 2), ht.cores());
        Cpu old = Cpu.parse(cpuinfo("GenuineIntel", 6, "Core 2", 2, 2, "sse2 pni ssse3"), 0);
        assertEquals(0, old.fmaBits());
        assertEquals(0, old.peakGflops(2), 0);
    }
}
