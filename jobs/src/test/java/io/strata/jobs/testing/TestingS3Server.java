package io.strata.jobs.testing;

import java.net.URI;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 protocol server (S3Proxy over an in-memory blob store) on 127.0.0.1, one per test
 * JVM: Hadoop's FileSystem cache outlives a server, so a second one on a new port would break
 * cached clients. Spark talks to it through s3a:// with signed requests, exactly as to AWS.
 */
public final class TestingS3Server {
  public static final String ACCESS_KEY = "strata-test-access";
  public static final String SECRET_KEY = "strata-test-secret";

  private static TestingS3Server shared;

  private final S3Proxy proxy;
  private final BlobStore blobStore;

  private TestingS3Server() throws Exception {
    BlobStoreContext context = ContextBuilder.newBuilder("transient")
        .credentials(ACCESS_KEY, SECRET_KEY)
        .build(BlobStoreContext.class);
    blobStore = context.getBlobStore();
    proxy = S3Proxy.builder()
        .blobStore(blobStore)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // S3 takes headers S3Proxy does not implement (server-side encryption); S3Proxy then ignores
        // them instead of answering 501, so that tests can check what S3A sends.
        .ignoreUnknownHeaders(true)
        .endpoint(URI.create("http://127.0.0.1:0"))
        .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
      }
      Thread.sleep(10);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        proxy.stop();
      } catch (Exception e) {
        // the JVM is going away
      }
    }, "s3proxy-stop"));
  }

  public static synchronized TestingS3Server shared() {
    if (shared == null) {
      try {
        shared = new TestingS3Server();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start the test S3 server", e);
      }
    }
    return shared;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  /** Creates the bucket if it does not exist yet and returns its name. */
  public String bucket(String name) {
    if (!blobStore.containerExists(name)) {
      blobStore.createContainerInLocation(null, name);
    }
    return name;
  }
}
