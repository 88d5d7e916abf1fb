import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A minimal Kafka Streams app on the streams rebalance protocol (KIP-1071, group.protocol=streams), for the
 * streams-group tests: it copies `source` to `sink` (stateless, so no state store or RocksDB is touched), with as
 * many stream threads as asked, and prints "RUNNING" once it runs. SIGTERM closes it, leaving the group.
 * Usage: StreamsApp <bootstrap> <application.id> <source> <sink> <threads> <state dir>
 */
public final class StreamsApp {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, args[1]);
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.parseInt(args[4]));
    p.put(StreamsConfig.STATE_DIR_CONFIG, args[5]);
    p.put(StreamsConfig.GROUP_PROTOCOL_CONFIG, "streams");
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 500);
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    StreamsBuilder builder = new StreamsBuilder();
    builder.<byte[], byte[]>stream(args[2]).to(args[3]);
    KafkaStreams streams = new KafkaStreams(builder.build(), p);
    CountDownLatch closed = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      System.out.println(now);
      System.out.flush();
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      // Leave the group on close (by default a Streams member stays until its session times out), so the tests
      // see the members go when the app stops, as they would on a real shutdown with this option.
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(15)));
      closed.countDown();
    }));
    streams.start();
    closed.await();
  }
}
