package dev.isolates.tests;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;

/**
 * A cluster member in a JVM of its own, for the grid tests: joins the cluster its arguments name, prints its
 * address, and shuts down once its standard input ends, so that it never outlives the test JVM. Uses Hazelcast
 * and the JDK only, so that a test can run it on a class path without the tests' classes.
 */
public final class GridMember {
  private GridMember() {}

  /** Arguments: the cluster's name, and the address of a member to join ({@code host:port}). */
  public static void main(String[] args) throws IOException {
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config(args[0], args[1], false));
    System.out.println("member " + member.getCluster().getLocalMember().getAddress());
    System.out.flush();
    while (System.in.read() != -1) {
      // until the test closes our input, or ends
    }
    member.shutdown();
  }

  /**
   * The config of every test member: a cluster of its own name, joined over TCP on 127.0.0.1 at a free port, no
   * multicast, no phone home, no logging.
   *
   * @param join the address of a member to join, {@code host:port}, or null for the first member
   */
  static Config config(String cluster, String join, boolean lite) {
    Config config = new Config().setClusterName(cluster).setLiteMember(lite);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().setPort(0).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig joining = config.getNetworkConfig().getJoin();
    joining.getMulticastConfig().setEnabled(false);
    joining.getAutoDetectionConfig().setEnabled(false);
    joining.getTcpIpConfig().setEnabled(true).addMember(join == null ? "127.0.0.1" : join);
    return config;
  }
}
