/**
 * Source text with positions: {@link io.podnet.scenarios.source.YamlTrees} turns YAML or JSON into
 * {@link io.podnet.scenarios.source.YNode} trees where every key and value knows its file, line and
 * column; {@link io.podnet.scenarios.source.Diagnostic} is the one-line
 * {@code file:line:column: what is wrong; what would be accepted} message every bad input becomes.
 * {@link io.podnet.scenarios.source.SourceText} decodes a file's bytes (UTF-8, or UTF-16 with a
 * byte-order mark) and reports unreadable bytes and forbidden characters at their position; YAML
 * aliases and merge keys are resolved with caps on expansion and nesting. Nothing here knows the
 * scenario format.
 */
package io.podnet.scenarios.source;
