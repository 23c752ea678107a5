package dev.idcprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code idc-provisioning} command: shows help when run without a subcommand. */
@Command(name = "idc-provisioning", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Provisions AWS IAM Identity Center permission sets and waits for the result.",
        "Results go to stdout (a table, or JSON with --output json); progress and errors to stderr.",
        "Credentials and region come from the AWS SDK's default chains, or --profile and --region."},
    footer = {"", "Run 'idc-provisioning COMMAND --help' for a command's options. Documentation: docs/CLI.md"})
final class RootCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required: provision, wait, status or sandbox");
  }
}
