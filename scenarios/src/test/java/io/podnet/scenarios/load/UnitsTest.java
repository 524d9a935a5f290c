package io.podnet.scenarios.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void sizes() {
        assertEquals(200, Units.size("200B"));
        assertEquals(1500, Units.size("1500"));
        assertEquals(4096, Units.size("4KiB"));
        assertEquals(4000, Units.size("4KB"));
        assertEquals(1536, Units.size("1.5KiB"));
        assertEquals(1048576, Units.size("1MiB"));
        assertEquals("unknown size unit 'KiBs' in '4KiBs'; expected a size such as 200B, 1500, 4KiB, 1MiB, 4KB or 1MB",
                assertThrows(IllegalArgumentException.class, () -> Units.size("4KiBs")).getMessage());
        assertEquals("'-3B' is not a valid size such as 200B, 1500, 4KiB, 1MiB, 4KB or 1MB",
                assertThrows(IllegalArgumentException.class, () -> Units.size("-3B")).getMessage());
    }

    @Test
    void durations() {
        assertEquals(50_000, Units.duration("50us"));
        assertEquals(50_000, Units.duration("50µs"));
        assertEquals(1_000_000, Units.duration("1ms"));
        assertEquals(1_500_000, Units.duration("1.5ms"));
        assertEquals(0, Units.duration("0"));
        assertEquals(2_000_000_000L, Units.duration("2s"));
        assertEquals("duration '5' has no unit; expected a duration such as 0ms, 50us, 1.5ms, 250ns or 2s",
                assertThrows(IllegalArgumentException.class, () -> Units.duration("5")).getMessage());
        assertEquals("'0.5ns' is not a whole number of base units or is too large; expected a duration such as 0ms,"
                + " 50us, 1.5ms, 250ns or 2s",
                assertThrows(IllegalArgumentException.class, () -> Units.duration("0.5ns")).getMessage());
    }

    @Test
    void bandwidths() {
        assertEquals(10_000_000_000L, Units.bandwidth("10Gbit"));
        assertEquals(100_000_000L, Units.bandwidth("100Mbit"));
        assertEquals(1_000_000_000L, Units.bandwidth("1Gbps"));
        assertEquals("bandwidth '10' has no unit; expected a bandwidth such as 10Gbit, 100Mbit, 1Gbps or 500Kbit",
                assertThrows(IllegalArgumentException.class, () -> Units.bandwidth("10")).getMessage());
    }
}
