/**
 * The {@code deeplake} command-line tool ({@link org.deeplake4j.engine.cli.DeepLakeCli}, run by
 * {@code bin/deeplake}). It lives in its own Maven module ({@code engine/cli}, artifact {@code
 * deeplake4j-cli}) so that engine users do not get picocli; the package name stays {@code
 * org.deeplake4j.engine.cli}. The records it prints in the {@code expected.json} layout come from
 * the engine's {@link org.deeplake4j.engine.records.Records}. Subcommand classes are
 * package-private.
 */
package org.deeplake4j.engine.cli;
