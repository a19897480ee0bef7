// A small invented graph: a harbour board that adopts a winter ferry
// timetable in one meeting and comes back to it in the next, and a third
// meeting with many routine remarks to page through.
import {
  type DeepPartial,
  type Edge,
  EdgeKind,
  ItemKind,
  ItemOutcome,
  type Node,
  Stance,
} from "../src/index.js";

export const BOARD = "bodies/harbour-board";
export const FIRST = "meetings/hb-1";
export const SECOND = "meetings/hb-2";
export const ROUTINE = "meetings/hb-3";
export const DECISION = `${FIRST}/items/d1`;
export const REPORT = `${FIRST}/items/r1`;
export const MATTER = "matters/ferry-timetable";
export const ITO = "people/ito";
export const KATO = "people/kato";
export const SATO = "people/sato";
/** Remarks in the routine meeting. */
export const ROUTINE_REMARKS = 23;

interface RemarkSpec {
  readonly meeting: string;
  readonly ordinal: number;
  readonly speaker?: string;
  readonly label: string;
  readonly text: string;
}

const remarks: readonly RemarkSpec[] = [
  {
    meeting: FIRST,
    ordinal: 1,
    speaker: ITO,
    label: "Member Ito",
    text: "I support the winter ferry timetable (draft) as written.",
  },
  {
    meeting: FIRST,
    ordinal: 2,
    speaker: KATO,
    label: "Member Kato",
    text: "The early sailing worries me; that is a concern.",
  },
  {
    meeting: FIRST,
    ordinal: 3,
    speaker: KATO,
    label: "Member Kato",
    text: "How will the pier repair affect the Timetable?",
  },
  {
    meeting: FIRST,
    ordinal: 4,
    speaker: SATO,
    label: "Chair Sato",
    text: "The repair finishes before the winter timetable starts.",
  },
  {
    meeting: FIRST,
    ordinal: 5,
    speaker: SATO,
    label: "Chair Sato",
    text: "With no objection, the draft is adopted.",
  },
  {
    meeting: SECOND,
    ordinal: 1,
    speaker: ITO,
    label: "Member Ito",
    text: "The timetable has worked well since it was adopted.",
  },
  {
    meeting: SECOND,
    ordinal: 2,
    label: "Member Noda",
    text: "One more concern: the late sailing is often full.",
  },
  ...Array.from(
    { length: ROUTINE_REMARKS },
    (_, i): RemarkSpec => ({
      meeting: ROUTINE,
      ordinal: i + 1,
      speaker: [ITO, KATO, SATO][i % 3],
      label: "Member",
      text: `Routine remark ${i + 1} on the harbour lights.`,
    }),
  ),
];

export const remarkName = (meeting: string, ordinal: number): string =>
  `${meeting}/remarks/${ordinal}`;

export function nodes(): DeepPartial<Node>[] {
  const meeting = (name: string, title: string, date: string): DeepPartial<Node> => ({
    name,
    title,
    details: { $case: "meeting", meeting: { date, place: "Harbour office" } },
  });
  return [
    { name: BOARD, title: "Harbour Board" },
    meeting(FIRST, "Harbour Board, 1st meeting", "2024-03-05"),
    meeting(SECOND, "Harbour Board, 2nd meeting", "2024-04-09"),
    meeting(ROUTINE, "Harbour Board, 3rd meeting", "2024-05-14"),
    {
      name: DECISION,
      title: "Winter ferry timetable (draft)",
      details: {
        $case: "item",
        item: {
          itemKind: ItemKind.ITEM_KIND_DECISION,
          outcome: ItemOutcome.ITEM_OUTCOME_ADOPTED,
          ordinal: 1,
        },
      },
    },
    {
      name: REPORT,
      title: "Pier repair progress",
      details: { $case: "item", item: { itemKind: ItemKind.ITEM_KIND_REPORT, ordinal: 2 } },
    },
    { name: MATTER, title: "Ferry timetable" },
    { name: ITO, title: "Ito Mei", details: { $case: "person", person: { titles: ["Member"] } } },
    { name: KATO, title: "Kato Jun", details: { $case: "person", person: { titles: ["Member"] } } },
    { name: SATO, title: "Sato Rin", details: { $case: "person", person: { titles: ["Chair"] } } },
    ...remarks.map(
      (r): DeepPartial<Node> => ({
        name: remarkName(r.meeting, r.ordinal),
        details: {
          $case: "remark",
          remark: { ordinal: r.ordinal, speakerLabel: r.label, text: r.text },
        },
      }),
    ),
  ];
}

export function edges(): DeepPartial<Edge>[] {
  const edge = (
    source: string,
    kind: EdgeKind,
    target: string,
    stance?: Stance,
  ): DeepPartial<Edge> => ({
    source,
    kind,
    target,
    stance,
  });
  const first = (ordinal: number): string => remarkName(FIRST, ordinal);
  const second = (ordinal: number): string => remarkName(SECOND, ordinal);
  return [
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
    edge(first(1), EdgeKind.EDGE_KIND_REFERENCES, DECISION, Stance.STANCE_SUPPORT),
    edge(first(2), EdgeKind.EDGE_KIND_REFERENCES, DECISION, Stance.STANCE_CONCERN),
    edge(first(3), EdgeKind.EDGE_KIND_REFERENCES, REPORT, Stance.STANCE_QUESTION),
    edge(first(4), EdgeKind.EDGE_KIND_REFERENCES, REPORT),
    edge(first(4), EdgeKind.EDGE_KIND_REPLIES_TO, first(3)),
    edge(first(5), EdgeKind.EDGE_KIND_ADOPTS, DECISION),
    edge(second(1), EdgeKind.EDGE_KIND_REFERENCES, DECISION, Stance.STANCE_SUPPORT),
    edge(second(2), EdgeKind.EDGE_KIND_REFERENCES, MATTER, Stance.STANCE_CONCERN),
    ...remarks.flatMap((r) => {
      const name = remarkName(r.meeting, r.ordinal);
      const own = [edge(name, EdgeKind.EDGE_KIND_IN_MEETING, r.meeting)];
      if (r.speaker !== undefined) own.push(edge(name, EdgeKind.EDGE_KIND_SPOKEN_BY, r.speaker));
      return own;
    }),
  ];
}
