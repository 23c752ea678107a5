/**
 * The {@code idc-provisioning} command line. Entry point: {@link dev.idcprov.cli.Main}, whose subcommands
 * {@code provision}, {@code wait}, {@code status} and {@code sandbox} drive {@link dev.idcprov.provisioning} and
 * {@link dev.idcprov.waiter}, and start the local {@code dev.idcprov.sandbox} emulator.
 *
 * <p>Commands return exit codes ({@link dev.idcprov.cli.ExitCodes}); only {@code Main.main} calls
 * {@code System.exit}. Results go to stdout (a table, or one JSON document with {@code --output json}); progress,
 * warnings and errors go to stderr. {@link dev.idcprov.cli.CliServices} is the seam through which tests hand
 * the commands their own SSO Admin client.
 */
package dev.idcprov.cli;
