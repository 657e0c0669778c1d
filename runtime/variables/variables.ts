import { WeftError, ErrorCodes } from '../../shared/errors.ts';
import {
  VARIABLE_NAME,
  VARIABLE_NAME_RULE,
  valueProblem,
  type Variable,
  type VariableInput,
} from '../../shared/variables.ts';
import type { Actor, AuditLog } from '../security/audit.ts';
import type { Store } from '../store/ports.ts';

/** A value the store cannot take (too long, a NUL): well-formed JSON, but not a value (422). */
export const INVALID_VARIABLE = 'invalid_variable';

const notFound = (name: string) =>
  new WeftError(ErrorCodes.notFound, `there is no variable ${name}`, { details: { name } });

function checkName(name: string): void {
  if (!VARIABLE_NAME.test(name))
    throw new WeftError(ErrorCodes.badRequest, `"${name}" is not a variable name: ${VARIABLE_NAME_RULE}`, {
      details: { name },
    });
}

const shown = (v: Variable) => ({ value: v.value, description: v.description });

/**
 * The installation's environment variables: non-secret settings that expressions read as `$env.NAME`.
 * Each change is one store write with its audit entry (values before and after: they are not secrets).
 * Expressions read them from memory (`current()`), loaded at start and again after every change, here or
 * in another process of the cluster (`changedElsewhere`).
 */
export class Variables {
  private values: Readonly<Record<string, string>> = Object.freeze({});
  /** Counts loads, so a slow load never replaces what a later one read. */
  private loads = 0;

  constructor(
    private readonly store: Pick<Store, 'write' | 'variables'>,
    private readonly audit: AuditLog,
    private readonly now: () => number = Date.now,
    /** After a change committed (other processes of a cluster are told). */
    private readonly changed: (name: string) => void = () => {},
  ) {}

  /** Reads every variable into memory. */
  async load(): Promise<void> {
    const n = ++this.loads;
    const rows = await this.store.variables.list();
    if (n === this.loads) this.values = Object.freeze(Object.fromEntries(rows.map((r) => [r.name, r.value])));
  }

  /** The values now, by name: what `$env` is in expressions. */
  current(): Readonly<Record<string, string>> {
    return this.values;
  }

  /** Whether the installation has a variable of that name (the static check). */
  has(name: string): boolean {
    return Object.hasOwn(this.values, name);
  }

  list(): Promise<Variable[]> {
    return this.store.variables.list();
  }

  /**
   * Sets a variable, creating it when there is none. A description left out keeps the one it had. Setting
   * what it already holds changes nothing and writes no audit entry.
   */
  async put(
    name: string,
    input: VariableInput,
    actor: Actor | null = null,
  ): Promise<{ variable: Variable; created: boolean }> {
    checkName(name);
    const problem = valueProblem(input.value);
    if (problem) throw new WeftError(INVALID_VARIABLE, `${name}: ${problem}`, { details: { name, field: 'value' } });
    const result = await this.store.write(async (tx) => {
      const old = await tx.variables.get(name);
      const description = input.description ?? old?.description ?? '';
      if (old && old.value === input.value && old.description === description)
        return { variable: old, created: false, same: true };
      const variable: Variable = {
        name,
        value: input.value,
        description,
        updatedAt: this.now(),
        updatedBy: actor?.name ?? null,
      };
      await tx.variables.put(variable);
      await this.audit.record(
        {
          actor,
          action: old ? 'variable.updated' : 'variable.created',
          target: name,
          before: old ? shown(old) : undefined,
          after: shown(variable),
        },
        tx,
      );
      return { variable, created: !old, same: false };
    });
    if (!result.same) this.afterChange(name, input.value);
    return { variable: result.variable, created: result.created };
  }

  async delete(name: string, actor: Actor | null = null): Promise<void> {
    checkName(name);
    await this.store.write(async (tx) => {
      const old = await tx.variables.get(name);
      if (!old || !(await tx.variables.delete(name))) throw notFound(name);
      await this.audit.record({ actor, action: 'variable.deleted', target: name, before: shown(old) }, tx);
    });
    this.afterChange(name, undefined);
  }

  /** Another process changed a variable: read them all again. */
  changedElsewhere(): Promise<void> {
    return this.load();
  }

  /** A change committed here: memory follows at once, and a fresh read takes in what others changed meanwhile. */
  private afterChange(name: string, value: string | undefined): void {
    this.loads++;
    const next = { ...this.values };
    if (value === undefined) delete next[name];
    else next[name] = value;
    this.values = Object.freeze(next);
    this.changed(name);
    this.load().catch(() => {
      // What this process changed is in memory already; another's change comes with its own notification.
    });
  }
}
