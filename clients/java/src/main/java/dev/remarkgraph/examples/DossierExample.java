package dev.remarkgraph.examples;

import dev.remarkgraph.client.RemarkGraphClient;
import dev.remarkgraph.v1.DossierMeeting;
import dev.remarkgraph.v1.DossierRemark;
import dev.remarkgraph.v1.Edge;
import dev.remarkgraph.v1.GetDossierRequest;
import dev.remarkgraph.v1.GetDossierResponse;
import dev.remarkgraph.v1.ListNodesRequest;
import dev.remarkgraph.v1.Node;
import dev.remarkgraph.v1.NodeKind;
import dev.remarkgraph.v1.Stance;
import io.grpc.StatusRuntimeException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Prints who said what about a decision, report or matter, then lists the remarks of the newest
 * meeting in the dossier page by page.
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=dev.remarkgraph.examples.DossierExample \
 *     -Dexec.args="meetings/bousai-dx-7/items/d1 --server=localhost:50051"
 * </pre>
 *
 * <p>With {@code make run} serving the sample graph, the defaults work as they are.
 */
public final class DossierExample {
  private DossierExample() {}

  /** Writes the dossier of {@code subject}, then the remarks of its newest meeting. */
  public static void show(RemarkGraphClient client, String subject, PrintStream out) {
    GetDossierResponse dossier =
        client.fullDossier(GetDossierRequest.newBuilder().setName(subject).build());
    out.printf("%s (%s)%n", dossier.getSubject().getTitle(), dossier.getSubject().getName());
    String stances =
        dossier.getStancesList().stream()
            .map(s -> stanceName(s.getStance()) + " " + s.getCount())
            .collect(Collectors.joining(", "));
    out.printf(
        "%s in %s; stances: %s%n",
        counted(dossier.getTotalRemarks(), "remark"),
        counted(dossier.getTotalMeetings(), "meeting"),
        stances);
    for (DossierMeeting meeting : dossier.getMeetingsList()) {
      out.printf(
          "%s %s%n", meeting.getMeeting().getMeeting().getDate(), meeting.getMeeting().getTitle());
      for (DossierRemark remark : meeting.getRemarksList()) {
        String linkStances =
            remark.getLinksList().stream()
                .map(Edge::getStance)
                .map(DossierExample::stanceName)
                .collect(Collectors.joining(", "));
        String text = remark.getRemark().getRemark().getText();
        out.printf(
            "  %s [%s]: %s%n",
            remark.getSpeakerTitle(), linkStances, text.substring(0, Math.min(60, text.length())));
      }
    }

    if (dossier.getMeetingsCount() == 0) {
      return;
    }
    String newest = dossier.getMeetings(0).getMeeting().getName();
    out.printf("Every remark of %s, five to a page:%n", newest);
    ListNodesRequest remarks =
        ListNodesRequest.newBuilder()
            .setKind(NodeKind.NODE_KIND_REMARK)
            .setMeeting(newest)
            .setPageSize(5)
            .build();
    for (Node remark : client.listNodes(remarks)) {
      out.printf("  %s  %s%n", remark.getName(), remark.getRemark().getSpeakerLabel());
    }
  }

  /** {@code support}, {@code concern}...; {@code none} where a remark states no stance. */
  private static String stanceName(Stance stance) {
    return stance == Stance.STANCE_UNSPECIFIED
        ? "none"
        : stance.name().replace("STANCE_", "").toLowerCase(Locale.ROOT);
  }

  private static String counted(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /** {@code [SUBJECT] [--server=HOST:PORT]}. */
  public static void main(String[] args) {
    String server = System.getenv().getOrDefault("REMARKGRAPH_SERVER", "localhost:50051");
    String subject = "meetings/bousai-dx-7/items/d1";
    for (String arg : args) {
      if (arg.startsWith("--server=")) {
        server = arg.substring("--server=".length());
      } else {
        subject = arg;
      }
    }
    try (RemarkGraphClient client =
        RemarkGraphClient.builder(server).deadline(Duration.ofSeconds(5)).build()) {
      show(client, subject, System.out);
    } catch (StatusRuntimeException e) {
      System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
      System.exit(1);
    }
  }
}
