#!/usr/bin/env node
// Generates TypeScript messages and @grpc/grpc-js stubs for the remarkgraph.v1
// contract into gen/, with protoc and the ts-proto plugin from node_modules.
//
// Environment: PROTOC (default `protoc` on PATH), RG_PROTO_DIR (default
// ../../proto, the repository's proto folder seen from this package).
// gen/service_config.ts carries ../service_config.json (clients/ beside
// proto/), the service config every client applies.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const protoDir = path.resolve(packageDir, process.env.RG_PROTO_DIR ?? "../../proto");
const protoc = process.env.PROTOC ?? "protoc";
const plugin = path.join(packageDir, "node_modules", ".bin", "protoc-gen-ts_proto");
const outDir = path.join(packageDir, "gen");

const sourceDir = path.join(protoDir, "remarkgraph", "v1");
if (!existsSync(sourceDir)) {
  console.error(`generate: no proto files at ${sourceDir} (set RG_PROTO_DIR)`);
  process.exit(1);
}
if (!existsSync(plugin)) {
  console.error(`generate: ${plugin} is missing; run npm ci first`);
  process.exit(1);
}
const protos = readdirSync(sourceDir)
  .filter((name) => name.endsWith(".proto"))
  .sort()
  .map((name) => path.join("remarkgraph", "v1", name));

const options = [
  "outputServices=grpc-js",
  "env=node",
  "esModuleInterop=true",
  "importSuffix=.js",
  "oneof=unions",
  "forceLong=number",
  "unrecognizedEnum=false",
  "useExactTypes=false",
];

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const result = spawnSync(
  protoc,
  [
    `--plugin=protoc-gen-ts_proto=${plugin}`,
    `--ts_proto_out=${outDir}`,
    `--ts_proto_opt=${options.join(",")}`,
    `-I${protoDir}`,
    ...protos,
  ],
  { stdio: "inherit" },
);
if (result.error) {
  console.error(`generate: cannot run ${protoc}: ${result.error.message}`);
  process.exit(1);
}
if (result.status !== 0) process.exit(result.status ?? 1);
const serviceConfig = readFileSync(path.join(protoDir, "..", "clients", "service_config.json"), "utf8");
JSON.parse(serviceConfig); // Fails the build on a malformed file.
writeFileSync(
  path.join(outDir, "service_config.ts"),
  "// Generated from clients/service_config.json by scripts/generate.mjs.\n" +
    "/** The gRPC service config (retry policies) every client applies. */\n" +
    `export const SERVICE_CONFIG: string = ${JSON.stringify(serviceConfig)};\n`,
);
process.exit(0);
