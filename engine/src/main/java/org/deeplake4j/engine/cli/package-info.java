/**
 * The {@code deeplake} command-line tool ({@link org.deeplake4j.engine.cli.DeepLakeCli}, run by
 * {@code bin/deeplake}) and {@link org.deeplake4j.engine.cli.Records}, the sample and version
 * records in the layout of the reference fixtures' {@code expected.json}. Subcommand classes are
 * package-private.
 */
package org.deeplake4j.engine.cli;
