package dev.provenant.server.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.provenant.policy.decision.ImageDecision;
import dev.provenant.policy.decision.Outcome;
import dev.provenant.policy.decision.PolicyResult;
import dev.provenant.policy.decision.RuleResult;
import dev.provenant.server.audit.AuditEntry;
import dev.provenant.server.audit.AuditLog;
import dev.provenant.server.config.Durations;
import dev.provenant.server.metrics.ServerMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers AdmissionReview v1 requests. {@code validate} enforces the policies on every distinct
 * image of the object; {@code mutate} pins the images a policy governs to the digest they resolve
 * to now, after applying the reference rules that the pinned reference would pass. Each distinct
 * image is handled once, concurrently, on virtual threads, and the answer comes before the deadline
 * whatever the registries do: an image still undecided then is denied as timed out (fail closed),
 * while its work continues and fills the caches for the retry.
 */
public final class AdmissionHandler {
  private final ImageDecider decider;
  private final AuditLog audit;
  private final ServerMetrics metrics;
  private final Duration deadline;
  private final ExecutorService executor;
  private final Clock clock;

  public AdmissionHandler(
      ImageDecider decider,
      AuditLog audit,
      ServerMetrics metrics,
      Duration deadline,
      ExecutorService executor,
      Clock clock) {
    this.decider = decider;
    this.audit = audit;
    this.metrics = metrics;
    this.deadline = deadline;
    this.executor = executor;
    this.clock = clock;
  }

  /** The answer to a body that is larger than the server accepts. */
  public static AdmissionAnswer tooLarge(long limit) {
    return AdmissionResponses.malformed("the body is larger than " + limit + " bytes");
  }

  /**
   * A review read for deciding: the request and its images by name, or the answer that refuses it
   * (malformed, or an object the webhook cannot read images from).
   */
  private record Readable(
      AdmissionRequest request, Map<String, List<ContainerImage>> images, AdmissionAnswer answer) {}

  private static Readable read(byte[] body) {
    AdmissionRequest request;
    try {
      request = AdmissionRequest.parse(body);
    } catch (MalformedReviewException e) {
      return new Readable(null, null, AdmissionResponses.malformed(e.getMessage()));
    }
    Optional<AdmissionAnswer> unreadable = unreadable(request);
    if (unreadable.isPresent()) {
      return new Readable(null, null, unreadable.get());
    }
    try {
      return new Readable(request, imagesOf(request), null);
    } catch (MalformedReviewException e) {
      return new Readable(
          null, null, AdmissionResponses.denied(request.uid(), 400, e.getMessage(), List.of()));
    }
  }

  /** The answer to a body the connection failed to deliver whole. */
  public static AdmissionAnswer unreadableBody(String why) {
    return AdmissionResponses.malformed("the body could not be read: " + why);
  }

  public AdmissionAnswer validate(byte[] body) {
    long start = System.nanoTime();
    Readable readable = read(body);
    if (readable.answer() != null) {
      return readable.answer();
    }
    AdmissionRequest request = readable.request();
    Map<String, List<ContainerImage>> images = readable.images();
    Map<String, Future<ImageDecision>> pending = new LinkedHashMap<>();
    for (String image : images.keySet()) {
      // A decision made moments ago is answered here; only new work goes to another thread,
      // where the deadline can cut it short.
      Optional<ImageDecision> recent = decider.recent(image, request.namespace());
      pending.put(
          image,
          recent.isPresent()
              ? CompletableFuture.completedFuture(recent.get())
              : executor.submit(() -> decide(image, request.namespace())));
    }
    List<String> denials = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Future<ImageDecision>> entry : pending.entrySet()) {
      String image = entry.getKey();
      List<ContainerImage> containers = images.get(image);
      ImageDecision decision = await(entry.getValue(), image, start);
      String prefix = containerNames(containers) + " (image " + image + "): ";
      if (decision.outcome() == Outcome.DENIED) {
        denials.add(prefix + decision.reason());
      }
      decision.warnings().forEach(w -> warnings.add(containerNames(containers) + ": " + w));
      metrics.decision(decision.outcome());
      audit.record(auditEntry("validate", request, containers, decision));
    }
    if (!denials.isEmpty()) {
      return AdmissionResponses.denied(request.uid(), 403, String.join("; ", denials), warnings);
    }
    return AdmissionResponses.allowed(request.uid(), warnings);
  }

  public AdmissionAnswer mutate(byte[] body) {
    long start = System.nanoTime();
    Readable readable = read(body);
    if (readable.answer() != null) {
      return readable.answer();
    }
    AdmissionRequest request = readable.request();
    Map<String, List<ContainerImage>> images = readable.images();
    Map<String, Future<ImageDecision>> pending = new LinkedHashMap<>();
    for (String image : images.keySet()) {
      pending.put(image, executor.submit(() -> pin(image, request.namespace())));
    }
    ArrayNode patch = AdmissionResponses.newPatch();
    List<String> denials = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Map.Entry<String, Future<ImageDecision>> entry : pending.entrySet()) {
      String image = entry.getKey();
      List<ContainerImage> containers = images.get(image);
      ImageDecision pinned = await(entry.getValue(), image, start);
      pinned.warnings().forEach(w -> warnings.add(containerNames(containers) + ": " + w));
      if (!pinned.allowed()) {
        denials.add(containerNames(containers) + " (image " + image + "): " + pinned.reason());
      } else if (pinned.digest() != null) {
        String patched = image + "@" + pinned.digest();
        for (ContainerImage container : containers) {
          var op = patch.addObject();
          op.put("op", "replace");
          op.put("path", container.pointer());
          op.put("value", patched);
        }
        // The API server calls validate next, with the patched image: start deciding it now,
        // so that validate finds the evidence read (or being read) and the decision made.
        executor.submit(() -> decide(patched, request.namespace()));
      }
      audit.record(auditEntry("mutate", request, containers, pinned));
    }
    if (!denials.isEmpty()) {
      return AdmissionResponses.denied(request.uid(), 403, String.join("; ", denials), warnings);
    }
    return AdmissionResponses.patched(request.uid(), patch, warnings);
  }

  /**
   * The refusal of a CREATE or UPDATE whose images cannot be read: one without its object, or of a
   * kind with no known pod spec. Admitting it unread would let any image in (fail open).
   */
  private static Optional<AdmissionAnswer> unreadable(AdmissionRequest request) {
    if (!carriesImages(request)) {
      return Optional.empty();
    }
    if (request.object() == null) {
      return Optional.of(
          AdmissionResponses.malformed(
              "request.object is missing from a "
                  + request.operation()
                  + " of a "
                  + request.kind()
                  + "; the webhook reads the images from it"));
    }
    if (ImageExtractor.podSpecPointer(request.kind()).isEmpty()) {
      return Optional.of(
          AdmissionResponses.denied(
              request.uid(),
              400,
              "kind "
                  + request.kind()
                  + " is not one the webhook knows how to read images from; remove it from the"
                  + " webhook's rules",
              List.of()));
    }
    return Optional.empty();
  }

  /** DELETE and CONNECT admit nothing new to run, so they are allowed without looking. */
  private static boolean carriesImages(AdmissionRequest request) {
    return !request.operation().equals("DELETE") && !request.operation().equals("CONNECT");
  }

  /** The images of the object, each with the containers using it; none for DELETE and CONNECT. */
  private static Map<String, List<ContainerImage>> imagesOf(AdmissionRequest request)
      throws MalformedReviewException {
    Map<String, List<ContainerImage>> images = new LinkedHashMap<>();
    if (!carriesImages(request)) {
      return images;
    }
    for (ContainerImage container : ImageExtractor.images(request.kind(), request.object())) {
      images.computeIfAbsent(container.image(), i -> new ArrayList<>()).add(container);
    }
    return images;
  }

  private ImageDecision decide(String image, String namespace) {
    try {
      return decider.decide(image, namespace);
    } catch (RuntimeException e) {
      return ImageDecision.failed(image, null, "the decision failed: " + e);
    }
  }

  private ImageDecision pin(String image, String namespace) {
    try {
      return decider.pin(image, namespace);
    } catch (RuntimeException e) {
      return ImageDecision.failed(image, null, "the image cannot be pinned: " + e);
    }
  }

  /** The decision, or a timed-out denial once the request's deadline has passed. */
  private ImageDecision await(Future<ImageDecision> future, String image, long start) {
    long remaining = deadline.toNanos() - (System.nanoTime() - start);
    try {
      return future.get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // Not cancelled: the work goes on and its result lands in the caches for the retry.
      return ImageDecision.failed(
          image,
          null,
          "timed out after "
              + Durations.format(deadline)
              + " deciding "
              + image
              + " (the registry or evidence gathering is slow); retry, the result is cached"
              + " when it arrives");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ImageDecision.failed(image, null, "interrupted while deciding " + image);
    } catch (ExecutionException e) {
      return ImageDecision.failed(image, null, "the decision failed: " + e.getCause());
    }
  }

  private AuditEntry auditEntry(
      String endpoint,
      AdmissionRequest request,
      List<ContainerImage> containers,
      ImageDecision decision) {
    List<String> failed = new ArrayList<>();
    List<String> excluded = new ArrayList<>();
    for (PolicyResult result : decision.policies()) {
      if (result.excluded()) {
        excluded.add(result.policy() + ": " + result.excludedBy());
      }
      for (RuleResult rule : result.failures()) {
        failed.add(result.policy() + "/" + rule.rule() + ": " + rule.found());
      }
    }
    return new AuditEntry(
        clock.instant(),
        endpoint,
        request.uid(),
        request.namespace(),
        request.kind(),
        request.name(),
        request.operation(),
        containers.stream().map(ContainerImage::container).toList(),
        decision.image(),
        decision.digest() == null ? null : decision.digest().toString(),
        decision.outcome().lowerCase(),
        decision.reason(),
        failed,
        excluded,
        request.dryRun());
  }

  private static String containerNames(List<ContainerImage> containers) {
    List<String> names = containers.stream().map(ContainerImage::container).toList();
    return (names.size() == 1 ? "container " : "containers ") + String.join(", ", names);
  }
}
