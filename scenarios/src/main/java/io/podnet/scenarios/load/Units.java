package io.podnet.scenarios.load;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes, durations and bandwidths as scenarios write them. Each parser returns the value in base
 * units or throws {@link IllegalArgumentException} whose message says what would be accepted.
 */
public final class Units {
    private static final Pattern NUMBER_UNIT = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-zµ]*)$");

    public static final String SIZE_FORMS = "a size such as 200B, 1500, 4KiB, 1MiB, 4KB or 1MB";
    public static final String DURATION_FORMS = "a duration such as 0ms, 50us, 1.5ms, 250ns or 2s";
    public static final String BANDWIDTH_FORMS = "a bandwidth such as 10Gbit, 100Mbit, 1Gbps or 500Kbit";

    private Units() {}

    /** Bytes: B, KB/MB/GB (powers of 1000), KiB/MiB/GiB (powers of 1024); a plain integer is bytes. */
    public static long size(String text) {
        Matcher m = match(text, SIZE_FORMS);
        String unit = m.group(2);
        long mult;
        switch (unit) {
            case "":
            case "B":
                mult = 1;
                break;
            case "KB":
            case "kB":
                mult = 1000;
                break;
            case "MB":
                mult = 1000_000;
                break;
            case "GB":
                mult = 1000_000_000;
                break;
            case "KiB":
                mult = 1024;
                break;
            case "MiB":
                mult = 1024 * 1024;
                break;
            case "GiB":
                mult = 1024L * 1024 * 1024;
                break;
            default:
                throw new IllegalArgumentException("unknown size unit '" + unit + "' in '" + text + "'; expected "
                        + SIZE_FORMS);
        }
        return scaled(m.group(1), mult, text, SIZE_FORMS);
    }

    /** Nanoseconds: ns, us (or µs), ms, s. Zero may be written without a unit. */
    public static long duration(String text) {
        Matcher m = match(text, DURATION_FORMS);
        String unit = m.group(2);
        long mult;
        switch (unit) {
            case "ns":
                mult = 1;
                break;
            case "us":
            case "µs":
                mult = 1_000;
                break;
            case "ms":
                mult = 1_000_000;
                break;
            case "s":
                mult = 1_000_000_000;
                break;
            case "":
                if (new java.math.BigDecimal(m.group(1)).signum() == 0) {
                    return 0;
                }
                throw new IllegalArgumentException("duration '" + text + "' has no unit; expected " + DURATION_FORMS);
            default:
                throw new IllegalArgumentException("unknown duration unit '" + unit + "' in '" + text + "'; expected "
                        + DURATION_FORMS);
        }
        return scaled(m.group(1), mult, text, DURATION_FORMS);
    }

    /** Bits per second: bit/Kbit/Mbit/Gbit/Tbit or bps/Kbps/Mbps/Gbps (powers of 1000). */
    public static long bandwidth(String text) {
        Matcher m = match(text, BANDWIDTH_FORMS);
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        long mult;
        switch (unit) {
            case "bit":
            case "bps":
                mult = 1;
                break;
            case "kbit":
            case "kbps":
                mult = 1000;
                break;
            case "mbit":
            case "mbps":
                mult = 1000_000;
                break;
            case "gbit":
            case "gbps":
                mult = 1000_000_000;
                break;
            case "tbit":
            case "tbps":
                mult = 1000_000_000_000L;
                break;
            default:
                throw new IllegalArgumentException((unit.isEmpty() ? "bandwidth '" + text + "' has no unit"
                        : "unknown bandwidth unit '" + m.group(2) + "' in '" + text + "'") + "; expected "
                        + BANDWIDTH_FORMS);
        }
        long v = scaled(m.group(1), mult, text, BANDWIDTH_FORMS);
        if (v <= 0) {
            throw new IllegalArgumentException("bandwidth '" + text + "' must be above zero; expected " + BANDWIDTH_FORMS);
        }
        return v;
    }

    private static Matcher match(String text, String forms) {
        Matcher m = NUMBER_UNIT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + forms.replaceFirst("^a ", "a valid ")
                    + "");
        }
        return m;
    }

    private static long scaled(String number, long mult, String text, String forms) {
        java.math.BigDecimal v = new java.math.BigDecimal(number).multiply(java.math.BigDecimal.valueOf(mult));
        try {
            return v.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of base units or is too large; "
                    + "expected " + forms);
        }
    }
}
