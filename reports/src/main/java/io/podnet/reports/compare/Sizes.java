package io.podnet.reports.compare;

import java.util.Locale;

/** Human forms of byte counts and rates for tables. */
public final class Sizes {
    private Sizes() {}

    /** {@code 10 MiB}, {@code 4 KiB}, {@code 1500 B}: binary units when exact, else bytes. */
    public static String bytes(long n) {
        if (n >= (1L << 30) && n % (1L << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        if (n >= (1L << 20) && n % (1L << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= (1L << 10) && n % (1L << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return n + " B";
    }

    /** A rate in bits per second with three significant digits: {@code 8.68 Gbit/s}. */
    public static String rate(long bitsPerSecond) {
        String[] units = {"bit/s", "kbit/s", "Mbit/s", "Gbit/s", "Tbit/s"};
        double v = bitsPerSecond;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        String num = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return num + " " + units[u];
    }
}
