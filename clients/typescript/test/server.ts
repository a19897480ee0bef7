// Runs a real remarkgraphd for a test: a free loopback port chosen by the
// server itself, a temporary data directory, SIGTERM at the end.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface RunningServer {
  /** `127.0.0.1:PORT`. */
  readonly address: string;
  /** What the server has written to stderr so far. */
  log(): string;
  /**
   * Sends SIGTERM and waits for the server to exit (SIGKILL after
   * `graceMs`); resolves to its exit code, null if a signal ended it.
   * Removes the data directory. Safe to call twice.
   */
  stop(graceMs?: number): Promise<number | null>;
}

const SERVING = /serving on \S+ \(port (\d+)\)/;
const running = new Set<ChildProcess>();

// Whatever way the test process ends, no server outlives it.
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts `binary` and resolves once it listens. */
export function startServer(binary: string, startupMs = 30_000): Promise<RunningServer> {
  const dataRoot = mkdtempSync(path.join(tmpdir(), "remarkgraph-ts-"));
  const child = spawn(
    binary,
    ["--listen=127.0.0.1:0", `--data_dir=${path.join(dataRoot, "db")}`, "--shutdown_grace=5s"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  running.add(child);
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });

  const stop = async (graceMs = 15_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    }
    rmSync(dataRoot, { recursive: true, force: true });
    return exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`remarkgraphd did not start within ${startupMs} ms:\n${stderr}`));
    }, startupMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      void stop();
      reject(new Error(`cannot run ${binary}: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`remarkgraphd exited (${code ?? signal}) before serving:\n${stderr}`));
    });
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const match = SERVING.exec(stderr);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ address: `127.0.0.1:${match[1]}`, log: () => stderr, stop });
      }
    });
  });
}
