import type { Variable } from '../../../shared/variables.ts';
import type { Sql } from '../sql.ts';
import type { VariableStore } from '../variable-store.ts';

const SELECT = `SELECT name, value, description, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM variables`;

type Stored = Omit<Variable, 'updatedAt'> & { updatedAt: unknown };
const rowOf = (r: Stored): Variable => ({ ...r, updatedAt: Number(r.updatedAt) });

/** Environment variables, in the SQL both dialects speak. */
export class SqlVariableStore implements VariableStore {
  constructor(private readonly sql: Sql) {}

  async list(): Promise<Variable[]> {
    return (await this.sql.all<Stored>(`${SELECT} ORDER BY name`)).map(rowOf);
  }

  async get(name: string): Promise<Variable | undefined> {
    const r = await this.sql.get<Stored>(`${SELECT} WHERE name = ?`, [name]);
    return r && rowOf(r);
  }

  async put(v: Variable): Promise<void> {
    await this.sql.run(
      `INSERT INTO variables (name, value, description, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, description = excluded.description,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [v.name, v.value, v.description, v.updatedAt, v.updatedBy],
    );
  }

  async delete(name: string): Promise<boolean> {
    return (await this.sql.run(`DELETE FROM variables WHERE name = ?`, [name])).changes > 0;
  }
}
