package kafkascope.test;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerExtensionsValidatorCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallback;

/**
 * Test stand-in for MSK's IAM check on an OAUTHBEARER listener: accepts exactly the tokens that
 * aws-msk-iam-sasl-signer-js documents (base64url of a SigV4-presigned
 * https://kafka.REGION.amazonaws.com/?Action=kafka-cluster:Connect URL) whose signature verifies with the test's
 * secret key and that have not expired. Every token received is appended to recordFile as ACCEPTED/REJECTED, the
 * decoded URL and, when rejected, why. JAAS options: accessKeyId, secretAccessKey, region, recordFile.
 */
public class MskIamTokenValidator implements AuthenticateCallbackHandler {
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final String EMPTY_SHA256 =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private String accessKeyId;
  private String secretAccessKey;
  private String region;
  private Path recordFile;

  @Override
  public void configure(Map<String, ?> configs, String mechanism, List<AppConfigurationEntry> jaas) {
    Map<String, ?> options = jaas.get(0).getOptions();
    accessKeyId = (String) options.get("accessKeyId");
    secretAccessKey = (String) options.get("secretAccessKey");
    region = (String) options.get("region");
    recordFile = Paths.get((String) options.get("recordFile"));
  }

  @Override
  public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
    for (Callback callback : callbacks) {
      if (callback instanceof OAuthBearerValidatorCallback) {
        validate((OAuthBearerValidatorCallback) callback);
      } else if (callback instanceof OAuthBearerExtensionsValidatorCallback) {
        OAuthBearerExtensionsValidatorCallback e = (OAuthBearerExtensionsValidatorCallback) callback;
        e.inputExtensions().map().keySet().forEach(e::valid);
      } else {
        throw new UnsupportedCallbackException(callback);
      }
    }
  }

  private void validate(OAuthBearerValidatorCallback callback) throws IOException {
    String value = callback.tokenValue();
    String url = "";
    try {
      url = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
      long[] lifetime = check(url);
      callback.token(token(value, lifetime[0], lifetime[1]));
      record("ACCEPTED " + url);
    } catch (IllegalArgumentException | IllegalStateException e) {
      record("REJECTED " + e.getMessage() + " " + url);
      callback.error("invalid_token", null, null);
    }
  }

  /** Returns {start, end} of the token's validity in ms; throws IllegalStateException naming what is wrong. */
  private long[] check(String url) {
    URI uri = URI.create(url);
    expect("scheme", "https", uri.getScheme());
    expect("host", "kafka." + region + ".amazonaws.com", uri.getHost());
    expect("path", "/", uri.getPath());
    Map<String, String> query = new TreeMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      if (query.put(key, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)) != null)
        throw new IllegalStateException("duplicate " + key);
    }
    Set<String> required = new HashSet<>(List.of("Action", "X-Amz-Algorithm", "X-Amz-Credential",
        "X-Amz-Date", "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Signature", "User-Agent"));
    required.removeAll(query.keySet());
    if (!required.isEmpty()) throw new IllegalStateException("missing " + required);
    expect("Action", "kafka-cluster:Connect", query.get("Action"));
    expect("X-Amz-Algorithm", "AWS4-HMAC-SHA256", query.get("X-Amz-Algorithm"));
    expect("X-Amz-SignedHeaders", "host", query.get("X-Amz-SignedHeaders"));
    if (!query.get("User-Agent").startsWith("aws-msk-iam-sasl-signer-js/"))
      throw new IllegalStateException("User-Agent " + query.get("User-Agent"));
    String date = query.get("X-Amz-Date");
    String day = date.substring(0, 8);
    String scope = day + "/" + region + "/kafka-cluster/aws4_request";
    expect("X-Amz-Credential", accessKeyId + "/" + scope, query.get("X-Amz-Credential"));
    long start = Instant.from(AMZ_DATE.parse(date)).toEpochMilli();
    long expires = Long.parseLong(query.get("X-Amz-Expires"));
    if (expires <= 0 || expires > 900) throw new IllegalStateException("X-Amz-Expires " + expires);
    long end = start + expires * 1000;
    long now = System.currentTimeMillis();
    if (now > end || now < start - 300_000) throw new IllegalStateException("expired or not yet valid");

    StringBuilder canonicalQuery = new StringBuilder();
    for (Map.Entry<String, String> e : query.entrySet()) {
      // User-Agent is added after signing (the signer's own documented format).
      if (e.getKey().equals("X-Amz-Signature") || e.getKey().equals("User-Agent")) continue;
      if (canonicalQuery.length() > 0) canonicalQuery.append('&');
      canonicalQuery.append(encode(e.getKey())).append('=').append(encode(e.getValue()));
    }
    String canonical = String.join("\n", "GET", "/", canonicalQuery, "host:" + uri.getHost(), "",
        "host", EMPTY_SHA256);
    String toSign = String.join("\n", "AWS4-HMAC-SHA256", date, scope, hex(sha256(canonical)));
    byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), day);
    for (String part : List.of(region, "kafka-cluster", "aws4_request")) key = hmac(key, part);
    expect("X-Amz-Signature", hex(hmac(key, toSign)), query.get("X-Amz-Signature"));
    return new long[] {start, end};
  }

  private static void expect(String what, String expected, String actual) {
    if (!expected.equals(actual))
      throw new IllegalStateException(what + " is " + actual + ", expected " + expected);
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8)
        .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) out.append(String.format("%02x", b));
    return out.toString();
  }

  private OAuthBearerToken token(String value, long start, long end) {
    String principal = accessKeyId;
    return new OAuthBearerToken() {
      public String value() { return value; }
      public Set<String> scope() { return Set.of(); }
      public long lifetimeMs() { return end; }
      public String principalName() { return principal; }
      public Long startTimeMs() { return start; }
    };
  }

  private synchronized void record(String line) throws IOException {
    Files.writeString(recordFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  @Override
  public void close() {}
}
