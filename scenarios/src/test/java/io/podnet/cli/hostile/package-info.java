/**
 * The hostile input corpus: {@link io.podnet.cli.hostile.HostileCorpus} generates hundreds of
 * malformed or extreme scenario files (file types, encodings, nesting, aliases, numbers beyond
 * every cap, time and size overflows, pathological globs, includes outside the tree, error
 * floods, values the API server refuses), and {@code HostileCorpusTest} runs each through the CLI
 * entry point asserting: no stack trace, exit 2 (never 3), a file:line:column on every error, a
 * bounded time, and no output file left after a failed run.
 */
package io.podnet.cli.hostile;
