/**
 * {@code podnet sweep}: a grid of scenario variants (the cross product of a sweep file's {@code grid:})
 * run as Apache Spark tasks, one task per cell. Each cell applies its overrides to the scenario, runs it
 * with {@code Podnet}'s run path and yields one row; a cell that fails is a row with its error, never a
 * failed sweep. The rows are written by Spark as Parquet and CSV, summarised per group with Spark SQL,
 * drawn as charts, and checked against the sweep's statistical expectations. Nothing here changes a
 * run: the same cell gives the same row in local mode and on a cluster.
 */
package io.podnet.sweep;
