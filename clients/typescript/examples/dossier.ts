// Prints who said what about a decision, report or matter, then lists the
// remarks of the newest meeting in the dossier page by page.
//
//   node dist/examples/dossier.js [SUBJECT] [--server=HOST:PORT]
//
// With `make run` serving the sample graph, the defaults work as they are.
import { pathToFileURL } from "node:url";

import { isServiceError, NodeKind, RemarkGraphClient, Stance, statusName } from "../src/index.js";

/** `support`, `concern`...; `none` where a remark states no stance. */
function stanceName(stance: Stance): string {
  if (stance === Stance.STANCE_UNSPECIFIED) return "none";
  return Stance[stance].replace("STANCE_", "").toLowerCase();
}

function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Writes the dossier of `subject`, then the remarks of its newest meeting. */
export async function showDossier(
  client: RemarkGraphClient,
  subject: string,
  print: (line: string) => void = console.log,
): Promise<void> {
  const dossier = await client.fullDossier({ name: subject });
  print(`${dossier.subject?.title} (${dossier.subject?.name})`);
  const stances = dossier.stances.map((s) => `${stanceName(s.stance)} ${s.count}`).join(", ");
  print(
    `${counted(dossier.totalRemarks, "remark")} in ${counted(dossier.totalMeetings, "meeting")}; ` +
      `stances: ${stances}`,
  );
  for (const { meeting, remarks } of dossier.meetings) {
    const date = meeting?.details?.$case === "meeting" ? meeting.details.meeting.date : "";
    print(`${date} ${meeting?.title}`);
    for (const { remark, speakerTitle, links } of remarks) {
      const text = remark?.details?.$case === "remark" ? remark.details.remark.text : "";
      const linkStances = links.map((l) => stanceName(l.stance)).join(", ");
      print(`  ${speakerTitle} [${linkStances}]: ${text.slice(0, 60)}`);
    }
  }

  const newest = dossier.meetings[0]?.meeting?.name;
  if (newest === undefined) return;
  print(`Every remark of ${newest}, five to a page:`);
  for await (const remark of client.listNodes({
    kind: NodeKind.NODE_KIND_REMARK,
    meeting: newest,
    pageSize: 5,
  })) {
    const label = remark.details?.$case === "remark" ? remark.details.remark.speakerLabel : "";
    print(`  ${remark.name}  ${label}`);
  }
}

async function main(args: string[]): Promise<void> {
  const server =
    args.find((a) => a.startsWith("--server="))?.slice("--server=".length) ??
    process.env.REMARKGRAPH_SERVER ??
    "localhost:50051";
  const subject = args.find((a) => !a.startsWith("--")) ?? "meetings/bousai-dx-7/items/d1";
  const client = new RemarkGraphClient(server, { deadlineMs: 5_000 });
  try {
    await showDossier(client, subject);
  } finally {
    client.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(isServiceError(error) ? `${statusName(error.code)}: ${error.details}` : error);
    process.exitCode = 1;
  });
}
