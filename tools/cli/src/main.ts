import { importQuery, readCommand, USAGE, UsageError, type ImportCommand } from './args';
import { filesToUpload } from './files';
import { formatBytes, formatReport } from './format';
import { createProgress } from './progress';
import { rejectedTotal } from './report';
import { ImportFailed, runImport } from './upload';

/** Exit statuses (also in USAGE and docs/ingestion.md). */
export const EXIT = { ok: 0, rejected: 1, usage: 2, failed: 3 } as const;

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** `casewatch <argv>`: resolves with the exit status; never throws for a user's mistake. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const command = readCommand(argv, io.env);
    if (command.kind === 'help') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    return await importReturn(command, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`casewatch: ${err.message}\n(npx casewatch --help for the options)\n`);
      return EXIT.usage;
    }
    if (err instanceof ImportFailed) {
      io.stderr.write(`casewatch: the import failed: ${err.message}\n`);
      return EXIT.failed;
    }
    throw err;
  }
}

async function importReturn(command: ImportCommand, io: Io): Promise<number> {
  const files = await filesToUpload(command.format, command.paths);
  const total = files.reduce((n, f) => n + f.size, 0);
  io.stderr.write(
    `casewatch: importing ${files.length === 1 ? files[0].name : `${files.length} files`} (${formatBytes(total)}) ` +
      `as ${command.format} into tenant ${command.tenant} at ${command.url}${command.dryRun ? ' (dry run)' : ''}\n`,
  );
  // A bar only on a terminal: CI logs get plain lines (and --json > file, a clean stdout).
  const progress = createProgress(io.stderr, Boolean(io.stdout.isTTY && io.stderr.isTTY));
  // Ctrl-C: give the terminal its cursor back and say what became of the import.
  const interrupted = () => {
    progress.stop();
    io.stderr.write('\ncasewatch: interrupted. An upload cut short publishes nothing; an import the service had accepted (202) goes on there.\n');
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  let report;
  try {
    report = await runImport({ url: command.url, token: command.token, format: command.format, query: importQuery(command), files }, progress);
  } finally {
    process.off('SIGINT', interrupted);
    progress.stop();
  }
  io.stdout.write(command.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return rejectedTotal(report) > 0 ? EXIT.rejected : EXIT.ok;
}
