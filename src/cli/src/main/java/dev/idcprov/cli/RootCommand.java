package dev.idcprov.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code idc-provisioning} command: shows help when run without a subcommand. */
@Command(name = "idc-provisioning", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Provisions AWS IAM Identity Center permission sets and waits for the result.",
        "Results go to stdout (text, or json, table or yaml with --output, narrowed with --query); progress and"
            + " errors to stderr.",
        "Region, profile, endpoint, output format and CA bundle fall back to the AWS CLI's variables (AWS_REGION,"
            + " AWS_DEFAULT_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, AWS_DEFAULT_OUTPUT, AWS_CA_BUNDLE); credentials"
            + " come from the AWS SDK's default chain or --profile."},
    footer = {"", "Run 'idc-provisioning COMMAND --help' for a command's options. Documentation: docs/CLI.md"})
final class RootCommand implements Runnable {
  @Spec
  private CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is required: provision, wait, status, check or sandbox");
  }
}
