/**
 * The CLI as a process (bin/k8s-extension-reconciler.js): runs `main` over the process's streams and sets the exit
 * code. A reader that goes away (`plan … | head -1`, EPIPE) ends the output quietly: the plan is still decided to
 * the end, so the exit code is the one it would have had (0, or 3 for `--fail-on`). A stdout that cannot be written
 * (a full disk, ENOSPC) is one line on stderr and exit 1, never a stack trace.
 */
import type { CliIo } from './cliIo';
import { main } from './main';

/** Exit code when the output could not be written (a full disk, an I/O error): the plan did not reach its reader. */
export const OUTPUT_FAILED_EXIT = 1;

/** What happened to stdout: fine, closed by its reader (quiet), or failed (reported). */
type OutputFate = { kind: 'open' } | { kind: 'closed' } | { kind: 'failed'; code: string };

/** Words for a write error's code. */
function writeProblem(code: string): string {
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'EDQUOT') return 'disk quota exceeded';
  if (code === 'EIO') return 'an I/O error';
  if (code === 'EBADF') return 'stdout is not open for writing';
  return 'a write error';
}

/** Runs the CLI with `argv` over process.stdout/stderr and sets process.exitCode; resolves once stdout is flushed. */
export async function runProcess(argv: string[]): Promise<void> {
  const out = process.stdout;
  let fate: OutputFate = { kind: 'open' };
  out.on('error', (error: NodeJS.ErrnoException) => {
    if (fate.kind !== 'open') return;
    fate = error.code === 'EPIPE' ? { kind: 'closed' } : { kind: 'failed', code: error.code ?? 'unknown' };
  });
  process.stderr.on('error', () => undefined); // a closed stderr loses the messages, never the exit code
  const write = (chunk: string | Uint8Array): void => {
    if (fate.kind === 'open') out.write(chunk);
  };
  const io: CliIo = { stdout: write, stdoutBytes: write, stderr: (t) => process.stderr.write(t), interactive: Boolean(process.stderr.isTTY) };
  const code = await main(argv, io);
  // the last writes may fail after main returns: wait until stdout has taken everything (or failed)
  if (fate.kind === 'open') await new Promise<void>((resolve) => out.write('', () => resolve()));
  const final = fate as OutputFate;
  if (final.kind === 'failed') {
    process.stderr.write(`error: cannot write the output to stdout (${final.code}: ${writeProblem(final.code)})\n`);
    process.exitCode = OUTPUT_FAILED_EXIT;
    return;
  }
  process.exitCode = code;
}
