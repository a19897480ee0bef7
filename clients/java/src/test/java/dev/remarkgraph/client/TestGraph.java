package dev.remarkgraph.client;

import dev.remarkgraph.v1.Edge;
import dev.remarkgraph.v1.EdgeKind;
import dev.remarkgraph.v1.ItemDetails;
import dev.remarkgraph.v1.ItemKind;
import dev.remarkgraph.v1.ItemOutcome;
import dev.remarkgraph.v1.MeetingDetails;
import dev.remarkgraph.v1.Node;
import dev.remarkgraph.v1.PersonDetails;
import dev.remarkgraph.v1.RemarkDetails;
import dev.remarkgraph.v1.Stance;
import java.util.ArrayList;
import java.util.List;

/**
 * A small invented graph: a harbour board that adopts a winter ferry timetable in one meeting and
 * comes back to it in the next, and a third meeting with many routine remarks to page through.
 */
final class TestGraph {
  static final String BOARD = "bodies/harbour-board";
  static final String FIRST = "meetings/hb-1";
  static final String SECOND = "meetings/hb-2";
  static final String ROUTINE = "meetings/hb-3";
  static final String DECISION = FIRST + "/items/d1";
  static final String REPORT = FIRST + "/items/r1";
  static final String MATTER = "matters/ferry-timetable";
  static final String ITO = "people/ito";
  static final String KATO = "people/kato";
  static final String SATO = "people/sato";

  /** Remarks in the routine meeting. */
  static final int ROUTINE_REMARKS = 23;

  private record Remark(String meeting, int ordinal, String speaker, String label, String text) {}

  private static final List<Remark> REMARKS = remarks();

  private TestGraph() {}

  static String remark(String meeting, int ordinal) {
    return meeting + "/remarks/" + ordinal;
  }

  private static List<Remark> remarks() {
    List<Remark> remarks = new ArrayList<>();
    remarks.add(
        new Remark(
            FIRST,
            1,
            ITO,
            "Member Ito",
            "I support the winter ferry timetable (draft) as written."));
    remarks.add(
        new Remark(
            FIRST, 2, KATO, "Member Kato", "The early sailing worries me; that is a concern."));
    remarks.add(
        new Remark(
            FIRST, 3, KATO, "Member Kato", "How will the pier repair affect the Timetable?"));
    remarks.add(
        new Remark(
            FIRST,
            4,
            SATO,
            "Chair Sato",
            "The repair finishes before the winter timetable starts."));
    remarks.add(
        new Remark(FIRST, 5, SATO, "Chair Sato", "With no objection, the draft is adopted."));
    remarks.add(
        new Remark(
            SECOND, 1, ITO, "Member Ito", "The timetable has worked well since it was adopted."));
    remarks.add(
        new Remark(
            SECOND, 2, null, "Member Noda", "One more concern: the late sailing is often full."));
    String[] speakers = {ITO, KATO, SATO};
    for (int i = 0; i < ROUTINE_REMARKS; i++) {
      remarks.add(
          new Remark(
              ROUTINE,
              i + 1,
              speakers[i % 3],
              "Member",
              "Routine remark " + (i + 1) + " on the harbour lights."));
    }
    return remarks;
  }

  private static Node node(String name, String title) {
    return Node.newBuilder().setName(name).setTitle(title).build();
  }

  private static Node meeting(String name, String title, String date) {
    return node(name, title).toBuilder()
        .setMeeting(MeetingDetails.newBuilder().setDate(date).setPlace("Harbour office"))
        .build();
  }

  private static Node person(String name, String title, String role) {
    return node(name, title).toBuilder()
        .setPerson(PersonDetails.newBuilder().addTitles(role))
        .build();
  }

  static List<Node> nodes() {
    List<Node> nodes = new ArrayList<>();
    nodes.add(node(BOARD, "Harbour Board"));
    nodes.add(meeting(FIRST, "Harbour Board, 1st meeting", "2024-03-05"));
    nodes.add(meeting(SECOND, "Harbour Board, 2nd meeting", "2024-04-09"));
    nodes.add(meeting(ROUTINE, "Harbour Board, 3rd meeting", "2024-05-14"));
    nodes.add(
        node(DECISION, "Winter ferry timetable (draft)").toBuilder()
            .setItem(
                ItemDetails.newBuilder()
                    .setItemKind(ItemKind.ITEM_KIND_DECISION)
                    .setOutcome(ItemOutcome.ITEM_OUTCOME_ADOPTED)
                    .setOrdinal(1))
            .build());
    nodes.add(
        node(REPORT, "Pier repair progress").toBuilder()
            .setItem(ItemDetails.newBuilder().setItemKind(ItemKind.ITEM_KIND_REPORT).setOrdinal(2))
            .build());
    nodes.add(node(MATTER, "Ferry timetable"));
    nodes.add(person(ITO, "Ito Mei", "Member"));
    nodes.add(person(KATO, "Kato Jun", "Member"));
    nodes.add(person(SATO, "Sato Rin", "Chair"));
    for (Remark r : REMARKS) {
      nodes.add(
          Node.newBuilder()
              .setName(remark(r.meeting(), r.ordinal()))
              .setRemark(
                  RemarkDetails.newBuilder()
                      .setOrdinal(r.ordinal())
                      .setSpeakerLabel(r.label())
                      .setText(r.text()))
              .build());
    }
    return nodes;
  }

  static Edge edge(String source, EdgeKind kind, String target) {
    return edge(source, kind, target, Stance.STANCE_UNSPECIFIED);
  }

  static Edge edge(String source, EdgeKind kind, String target, Stance stance) {
    return Edge.newBuilder()
        .setSource(source)
        .setKind(kind)
        .setTarget(target)
        .setStance(stance)
        .build();
  }

  static List<Edge> edges() {
    List<Edge> edges =
        new ArrayList<>(
            List.of(
                edge(FIRST, EdgeKind.EDGE_KIND_HELD_BY, BOARD),
                edge(SECOND, EdgeKind.EDGE_KIND_HELD_BY, BOARD),
                edge(ROUTINE, EdgeKind.EDGE_KIND_HELD_BY, BOARD),
                edge(FIRST, EdgeKind.EDGE_KIND_HAS_ITEM, DECISION),
                edge(FIRST, EdgeKind.EDGE_KIND_HAS_ITEM, REPORT),
                edge(DECISION, EdgeKind.EDGE_KIND_ABOUT, MATTER),
                edge(ITO, EdgeKind.EDGE_KIND_ATTENDED, FIRST),
                edge(KATO, EdgeKind.EDGE_KIND_ATTENDED, FIRST),
                edge(SATO, EdgeKind.EDGE_KIND_ATTENDED, FIRST),
                edge(ITO, EdgeKind.EDGE_KIND_ATTENDED, SECOND),
                edge(
                    remark(FIRST, 1),
                    EdgeKind.EDGE_KIND_REFERENCES,
                    DECISION,
                    Stance.STANCE_SUPPORT),
                edge(
                    remark(FIRST, 2),
                    EdgeKind.EDGE_KIND_REFERENCES,
                    DECISION,
                    Stance.STANCE_CONCERN),
                edge(
                    remark(FIRST, 3),
                    EdgeKind.EDGE_KIND_REFERENCES,
                    REPORT,
                    Stance.STANCE_QUESTION),
                edge(remark(FIRST, 4), EdgeKind.EDGE_KIND_REFERENCES, REPORT),
                edge(remark(FIRST, 4), EdgeKind.EDGE_KIND_REPLIES_TO, remark(FIRST, 3)),
                edge(remark(FIRST, 5), EdgeKind.EDGE_KIND_ADOPTS, DECISION),
                edge(
                    remark(SECOND, 1),
                    EdgeKind.EDGE_KIND_REFERENCES,
                    DECISION,
                    Stance.STANCE_SUPPORT),
                edge(
                    remark(SECOND, 2),
                    EdgeKind.EDGE_KIND_REFERENCES,
                    MATTER,
                    Stance.STANCE_CONCERN)));
    for (Remark r : REMARKS) {
      String name = remark(r.meeting(), r.ordinal());
      edges.add(edge(name, EdgeKind.EDGE_KIND_IN_MEETING, r.meeting()));
      if (r.speaker() != null) {
        edges.add(edge(name, EdgeKind.EDGE_KIND_SPOKEN_BY, r.speaker()));
      }
    }
    return edges;
  }
}
