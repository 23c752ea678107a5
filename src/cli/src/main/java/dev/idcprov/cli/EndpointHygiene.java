package dev.idcprov.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * What the command line says about an {@code --endpoint-url}: never its user information ({@code user:password@}),
 * and a warning when signed requests would travel over plain http to a host that is not this machine.
 */
final class EndpointHygiene {
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]*@");

  private EndpointHygiene() {
  }

  /**
   * @param url a URL as the user typed it
   * @return the URL with any user information replaced by {@code ***@}, for messages
   */
  static String redact(String url) {
    return url == null ? null : USER_INFO.matcher(url).replaceFirst("***@");
  }

  /**
   * @param endpoint the endpoint
   * @return the warning to print, or null when the endpoint is https or this machine
   */
  static String plainHttpWarning(URI endpoint) {
    if (endpoint == null || !"http".equalsIgnoreCase(endpoint.getScheme()) || isLoopback(endpoint.getHost())) {
      return null;
    }
    return "warning: --endpoint-url " + redact(endpoint.toString()) + " is plain http to a host that is not this"
        + " machine: signed requests (and what they carry) cross the network unencrypted; use https";
  }

  private static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    // only literal addresses are looked at: no name is resolved to decide
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
