import type { Variable } from '../../shared/variables.ts';

/** The installation's environment variables. */
export interface VariableStore {
  /** By name. */
  list(): Promise<Variable[]>;
  get(name: string): Promise<Variable | undefined>;
  /** Sets the variable's value and description (creating it). */
  put(variable: Variable): Promise<void>;
  /** False when there was none. */
  delete(name: string): Promise<boolean>;
}
