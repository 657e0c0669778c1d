const HELP = `weft — flows between CRM, CLM, PSA, ERP and billing

Usage:
  weft start [--port 8080] [--host 127.0.0.1] [--data ./data]   run the runtime and designer
             [--database postgres://…]                          on PostgreSQL (several processes share it: a cluster)
             [--demo]                                           with the example flows, sample systems and a day of traffic
  weft validate <flow.json>...                                   check flow files (exit 1 on problems)
  weft run <flow.json> [--input <file.json>]                     run a flow once in memory, print every step
  weft test <flow files or folders>... [--junit <file>]          run the flows' test cases offline (exit 1 if one fails)
            [--env <file.json>] [--case <name>]                 with environment variables; only the cases named
  weft import <flow.json>... [--url URL] [--token T] [--publish] [--activate]  load flow files into a running server
  weft export --dir <folder> [--url URL] [--token T]             write a runtime's flows, lookup tables, variable and
                                                                 connection names into a folder (one file per flow)
  weft import --dir <folder> [--url URL] [--token T]             show what the folder changes on a runtime, then apply it
             [--publish] [--activate] [--dry-run] [--prune]      (--prune deletes flows and tables the folder lacks)
  weft audit verify [--data ./data | --database postgres://…]    check the audit log's hash chain (exit 1 if broken)
  weft secrets rotate [--data ./data] [--new-key K]              re-encrypt connection secrets with a new key (runtime stopped)
  weft backup --to <file> [--data ./data]                        online, checked copy of the database (runtime may be running)
  weft restore --from <file> --data <dir> [--key <key file>]     restore a backup into an empty data folder and verify it
  weft backup --help, weft restore --help                        what they copy, check and print
  weft migrate [--data ./data | --database postgres://…]         apply pending database migrations after an upgrade (runtime stopped)
  weft db copy --from <data folder> --to <postgres://…>          move an installation from SQLite into an empty PostgreSQL database

Environment: PORT, HOST, WEFT_DATA_DIR, DATABASE_URL (postgres://…), WEFT_BODY_LIMIT_MB, WEFT_STEP_PAYLOAD_CAP_KB,
WEFT_WEBHOOK_WAIT_MS, WEFT_EXPRESSION_TIMEOUT_MS, WEFT_SQLITE_SYNC (full|normal), WEFT_LOG_LEVEL, WEFT_BOOTSTRAP_TOKEN,
WEFT_DEMO (on, or off: no demo even with --demo), WEFT_DEMO_PORT,
WEFT_URL and WEFT_TOKEN (for import and export); see the README for the rest.`;

type Command = (args: string[]) => Promise<number>;

/** Each command's module, loaded when it is the one run: `weft start` on SQLite never loads what `weft db copy` needs. */
const commands: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start.ts')).startCommand,
  validate: async () => (await import('./validate.ts')).validateCommand,
  run: async () => (await import('./run.ts')).runCommand,
  test: async () => (await import('./test.ts')).testCommand,
  import: async () => (await import('./import.ts')).importCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  audit: async () => (await import('./audit.ts')).auditCommand,
  secrets: async () => (await import('./secrets.ts')).secretsCommand,
  backup: async () => (await import('./backup.ts')).backupCommand,
  restore: async () => (await import('./restore.ts')).restoreCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
  db: async () => (await import('./db.ts')).dbCommand,
};

async function main(argv: string[]): Promise<number> {
  const name = argv[0];
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(HELP);
    return name ? 0 : 1;
  }
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!load) {
    console.error(`weft: unknown command "${name}"\n\n${HELP}`);
    return 2;
  }
  return (await load())(argv.slice(1));
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (err) => {
    console.error(`weft: ${(err as Error).message}`);
    process.exitCode = 1;
  },
);
