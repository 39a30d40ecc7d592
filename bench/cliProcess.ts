/**
 * A child process for P6: `cliProcess <report.json> cli <argv…>` runs the CLI, `cliProcess <report.json> parse <file>`
 * only reads and JSON.parses the file; either writes `{code, maxRssMB, cpuMs}` to the report at the end.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { main } from '../src/cli/main';

/** Runs one measured job and records its exit code, peak RSS and CPU time. */
async function run(report: string, mode: string, args: string[]): Promise<void> {
  let code = 0;
  if (mode === 'parse') JSON.parse(readFileSync(args[0]!, 'utf8'));
  else code = await main(args);
  const cpu = process.cpuUsage();
  writeFileSync(report, JSON.stringify({ code, maxRssMB: process.resourceUsage().maxRSS / 1024, cpuMs: (cpu.user + cpu.system) / 1000 }));
  process.exitCode = code;
}

const [report, mode, ...args] = process.argv.slice(2);
void run(report!, mode!, args);
