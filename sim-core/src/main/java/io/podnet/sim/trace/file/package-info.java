/**
 * The podnet trace file: a run's {@link io.podnet.sim.trace.TraceEvent}s on disk, written while the
 * run goes ({@link io.podnet.sim.trace.file.TraceFileWriter}, a trace listener) and read back by
 * step ({@link io.podnet.sim.trace.file.TraceFileReader}: event N in O(1) through the step index,
 * ranges sequentially). {@link io.podnet.sim.trace.file.TraceFileList} is a file-backed
 * {@code List<TraceEvent>} with a small bounded cache, so a consumer such as the viewer holds a
 * few events at a time, never the whole trace.
 *
 * <p>Every event reads back equal to the one written ({@code TraceEvent} has value equality):
 * packets are stored as their wire bytes ({@code Packet.encode()}) plus the header boundaries and
 * the one bit the bytes cannot carry (whether a UDP header asks for a checksum where none is
 * computed), and each header is rebuilt by its own {@code decode}.
 *
 * <p>Layout (big-endian; "varint" is LEB128, "zigzag" the signed form; format version 1):
 * <pre>
 *   header   "PODNETTR" (8) | version u16 | 0 u16 | metadata length u32 | metadata (UTF-8, see below)
 *   record*  body length u32 | CRC-32 of body u32 | body            one per event, in seq order
 *   strings  count varint | (length varint | UTF-8)*                  the shared string table
 *   index    record offset u64 * event count                          the step index
 *   trailer  index offset u64 | event count u64 | strings offset u64 | "PTRACEND" (8)
 *
 *   body     seq varint | time varint | packet id zigzag | flow str | namespace str | device str
 *            | kind str | explanation utf | before pkt | after pkt | decision | cpu
 *   str      varint 0 null | 1 then utf (not shared) | k &gt;= 2: string k-2 of the table
 *   utf      length varint | UTF-8
 *   pkt      0 null | 1 blob | 2 absolute offset varint of an earlier blob (the same packet object)
 *   blob     blob length u32 | header count varint | (type u8 | flags u8 | length varint)*
 *            | total length varint | wire bytes
 *   decision 0 null | 1..10 the Decision record, its components in order (str, zigzag, bool u8)
 *   cpu      0 null | 1 node str | cpu varint | wait varint | charge count varint
 *            | (step str | count varint | bytes varint | nanos varint)*
 * </pre>
 * The metadata is UTF-8 text: podnet's writers put {@link io.podnet.sim.trace.file.TraceRun#metadata()}
 * there, {@code key: value} lines naming the run (metadata version 2: scenario, seed, cni,
 * kube-proxy, profile, scenario-sha256, podnet), and {@link io.podnet.sim.trace.file.TraceFileReader#run()}
 * reads it back, refusing a version-1 header (scenario and seed only) with a message to re-record.
 *
 * <p>The string table and the index are written when the writer closes; until then the index goes to
 * a side file beside the trace ({@code NAME.index-part}), so the writer holds neither in memory
 * beyond a bounded table of repeated strings.
 */
package io.podnet.sim.trace.file;
