package org.nn4j.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The processor, as Linux describes it in {@code /proc/cpuinfo}: its vector extensions, and from them and its clock
 * the single-precision rate its cores could reach, against which {@code nn info} sets the measured GEMM rate.
 *
 * <p>The peak is estimated as cores × FMA units per core × float32 lanes per FMA × 2 flops × clock. Two FMA units
 * per core is what Intel's cores since Haswell and AMD's since Zen 2 have (some Xeon Silver and Bronze parts have
 * one 512-bit unit, for which this overstates the peak twofold); the FMA width is 512 bits with AVX-512, except on
 * AMD's Zen 4, which executes AVX-512 on 256-bit units; the clock is the highest the kernel reports
 * ({@code cpufreq/cpuinfo_max_freq}), else {@code cpu MHz} (under virtualisation, usually the nominal clock). Hyper-threads
 * share their core's units, so cores are counted as {@code cpu cores}, not logical processors.
 *
 * @param model        the {@code model name} line, or {@code "unknown"}
 * @param extensions   the SIMD extensions among the CPU's flags, e.g. {@code [sse4_2, avx, avx2, fma]}
 * @param cores        physical cores this process may run on
 * @param fmaBits      the width of one FMA unit in bits: 512, 256 or 128; 0 where there is no FMA
 * @param ghz          the clock used for the peak, in GHz; 0 if unknown
 * @param clockSource  where the clock was read
 */
public record Cpu(String model, List<String> extensions, int cores, int fmaBits, double ghz, String clockSource) {
    /** The flags reported as vector extensions, in this order. */
    private static final List<String> VECTOR_FLAGS = List.of("sse3", "ssse3", "sse4_1", "sse4_2", "avx", "fma",
            "avx2", "avx512f", "avx512dq", "avx512bw", "avx512vl", "avx512_vnni", "avx512_bf16", "avx512_fp16",
            "amx_tile", "amx_bf16", "asimd", "sve", "sve2");

    /** The processor this JVM runs on; where {@code /proc/cpuinfo} is missing, the model and extensions are unknown. */
    public static Cpu detect() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return new Cpu("unknown", List.of(), Runtime.getRuntime().availableProcessors(), 0, 0, "unknown");
        }
        try {
            return parse(Files.readString(info), maxFrequencyKhz());
        } catch (IOException | UncheckedIOException e) {
            return new Cpu("unknown (" + e.getMessage() + ")", List.of(), Runtime.getRuntime().availableProcessors(),
                    0, 0, "unknown");
        }
    }

    /** The description of the first processor in {@code cpuinfo}; {@code maxKhz} is cpufreq's maximum, or 0. */
    static Cpu parse(String cpuinfo, long maxKhz) {
        Map<String, String> first = new LinkedHashMap<>();
        for (String line : cpuinfo.split("\n")) {
            if (line.isBlank() && !first.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                first.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        Set<String> flags = Arrays.stream(first.getOrDefault("flags", first.getOrDefault("Features", ""))
                .split("\\s+")).collect(Collectors.toCollection(HashSet::new));
        if (flags.contains("pni")) {
            flags.add("sse3");          // Linux calls SSE3 "pni" (Prescott New Instructions)
        }
        List<String> extensions = VECTOR_FLAGS.stream().filter(flags::contains).toList();
        int logical = Runtime.getRuntime().availableProcessors();
        int siblings = intOr(first.get("siblings"), 0);
        int perPackage = intOr(first.get("cpu cores"), 0);
        // hyper-threads: siblings logical processors share perPackage cores
        int cores = siblings > perPackage && perPackage > 0 ? Math.max(1, logical * perPackage / siblings) : logical;
        String vendor = first.getOrDefault("vendor_id", "");
        int family = intOr(first.get("cpu family"), 0);
        int fmaBits = !flags.contains("fma") ? 0
                : flags.contains("avx512f") && !(vendor.equals("AuthenticAMD") && family == 0x19) ? 512 : 256;
        if (maxKhz > 0) {
            return new Cpu(first.getOrDefault("model name", "unknown"), extensions, cores, fmaBits, maxKhz / 1e6,
                    "cpufreq's maximum");
        }
        double mhz = doubleOr(first.get("cpu MHz"), 0);
        return new Cpu(first.getOrDefault("model name", "unknown"), extensions, cores, fmaBits, mhz / 1000,
                mhz > 0 ? "cpu MHz" : "unknown");
    }

    /** True if the CPU has the flag among its vector extensions. */
    public boolean has(String extension) {
        return extensions.contains(extension);
    }

    /**
     * The float32 rate {@code threads} threads could reach on this CPU in GFLOP/s, as the class comment estimates
     * it; 0 when the clock or the FMA width is unknown.
     */
    public double peakGflops(int threads) {
        return Math.min(threads, cores) * 2.0 * (fmaBits / 32.0) * 2 * ghz;
    }

    /** How {@link #peakGflops} was estimated for {@code threads} threads, e.g. {@code 2 cores × 2 FMA × 8 lanes …}. */
    public String peakFormula(int threads) {
        return String.format("%d %s × 2 FMA × %d float32 lanes × 2 flops × %.2f GHz (%s)", Math.min(threads, cores),
                Math.min(threads, cores) == 1 ? "core" : "cores", fmaBits / 32, ghz, clockSource);
    }

    private static long maxFrequencyKhz() {
        Path max = Path.of("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq");
        try {
            return Files.isReadable(max) ? Long.parseLong(Files.readString(max).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static int intOr(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    private static double doubleOr(String text, double otherwise) {
        try {
            return text == null ? otherwise : Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
