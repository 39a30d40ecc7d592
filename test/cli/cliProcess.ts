/**
 * Runs the CLI as a real child process (the same entry as bin/k8s-extension-reconciler.js, from the TypeScript
 * sources): real stdout and stderr pipes, real exit codes. For what only a process shows: a reader that closes the pipe
 * early (`| head -1`), a full disk (`> /dev/full`), signals and encodings of real files.
 */
import { spawn, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const HOOK = join(ROOT, 'test', 'support', 'transpileHook.js');
const ENTRY = join(ROOT, 'test', 'support', 'cliEntry.js');

/** What a CLI process left: exit code (null when killed by a signal), its signal, stdout and stderr. */
export interface CliProcessRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options: environment overrides, and stdout (a pipe by default; a file descriptor such as one of /dev/full). */
export interface CliProcessOptions {
  env?: Record<string, string | undefined>;
  stdout?: number;
  /** Bytes of stdout to read before closing the pipe (a reader such as `head -c N`); default all. */
  closeStdoutAfter?: number;
}

/** Runs `k8s-extension-reconciler <argv>` in a new Node process from the repository root. */
export function runCliProcess(argv: string[], options: CliProcessOptions = {}): Promise<CliProcessRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v === undefined) delete env[k];
  const stdio: StdioOptions = ['ignore', options.stdout ?? 'pipe', 'pipe'];
  const child = spawn(process.execPath, ['-r', HOOK, ENTRY, ...argv], { cwd: ROOT, env, stdio });
  let stdout = '';
  let stderr = '';
  let seen = 0;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (options.closeStdoutAfter === undefined) {
      stdout += chunk.toString('utf8');
      return;
    }
    const take = Math.max(0, Math.min(chunk.length, options.closeStdoutAfter - seen));
    stdout += chunk.subarray(0, take).toString('utf8');
    seen += take;
    if (seen >= options.closeStdoutAfter) child.stdout?.destroy(); // the reader goes away, as `head` does
  });
  child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
