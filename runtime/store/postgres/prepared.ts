import { toPostgresPlaceholders } from './sql-text.ts';

/** Most statement texts given a prepared statement; the others are sent written out. */
export const MAX_PREPARED = 500;

/** The prepared statement's name of each text, the same on every connection of the process. */
const names = new Map<string, string>();

/** The name `text` is prepared under on any connection (given on first sight); undefined past MAX_PREPARED texts. */
export function preparedName(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_PREPARED) {
    name = `weft_${names.size + 1}`;
    names.set(text, name);
  }
  return name;
}

/** The statement that prepares `text` under `name`, its values as $1, $2, … whose types come from where they stand. */
export function prepareStatement(name: string, text: string): string {
  return `PREPARE ${name} AS ${toPostgresPlaceholders(text)}`;
}

/**
 * The statements one connection has prepared. A PREPARE outlasts its transaction, rolled back or not, but
 * a message that failed may or may not have reached its PREPAREs: those are `unsure` until the connection
 * is asked again (at the start of its next transaction).
 */
export class PreparedStatements {
  readonly ready = new Set<string>();
  readonly unsure = new Set<string>();

  private static readonly byConnection = new WeakMap<object, PreparedStatements>();

  static of(connection: object): PreparedStatements {
    let p = PreparedStatements.byConnection.get(connection);
    if (!p) {
      p = new PreparedStatements();
      PreparedStatements.byConnection.set(connection, p);
    }
    return p;
  }

  /** The connection answered which of the unsure ones it has. */
  settle(existing: readonly string[]): void {
    for (const name of existing) if (this.unsure.has(name)) this.ready.add(name);
    this.unsure.clear();
  }
}
