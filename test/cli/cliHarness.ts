/** Runs the CLI in-process and captures its output and exit code. */
import { main } from '../../src/cli/main';
import type { PlanSeams } from '../../src/cli/planCommand';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(argv: string[], seams: PlanSeams = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false }, seams);
  return { code, stdout, stderr };
}
