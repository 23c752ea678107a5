package dev.idcprov.cli;

/**
 * How results are written on stdout: the AWS CLI's formats. Lower-case constants because they are what users type and
 * see in --help.
 */
public enum OutputFormat {
  /** A readable table without borders (tab-separated values when --query is given, as the AWS CLI prints them). */
  text,
  /** One JSON document. */
  json,
  /** A table with borders, one column per member. */
  table,
  /** One YAML document. */
  yaml
}
