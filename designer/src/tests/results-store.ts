import { create } from 'zustand';
import type { TestCaseResult } from '../api/types.ts';

/** The last result of a case in this editor session, and when it came. */
export interface CaseOutcome {
  result: TestCaseResult;
  at: number;
}

/** Results of the cases of the flow being edited: view state, never saved with the flow. */
interface ResultsState {
  flowId: string | null;
  outcomes: Record<string, CaseOutcome>;
  /** Names of the cases being run now. */
  running: string[];
  /** Why the last run could not be done at all (the runtime refused or could not be reached). */
  failure: string | null;
  /** Goes up when results arrive that the analyst did not ask for (a publish refused): the Tests tab shows itself. */
  revealed: number;
  begin(flowId: string, names: string[]): void;
  finish(flowId: string, names: string[], results: TestCaseResult[], at: number): void;
  fail(flowId: string, message: string): void;
  rename(from: string, to: string): void;
  forget(name: string): void;
  reveal(): void;
}

export const useTestResults = create<ResultsState>()((set, get) => {
  /** The state for `flowId`: another flow's results are dropped. */
  const of = (flowId: string) => {
    const s = get();
    return s.flowId === flowId ? s : { outcomes: {}, running: [], failure: null };
  };
  return {
    flowId: null,
    outcomes: {},
    running: [],
    failure: null,
    revealed: 0,
    begin(flowId, names) {
      const s = of(flowId);
      set({ flowId, outcomes: s.outcomes, running: [...new Set([...s.running, ...names])], failure: null });
    },
    finish(flowId, names, results, at) {
      const s = of(flowId);
      const outcomes = { ...s.outcomes };
      for (const result of results) outcomes[result.name] = { result, at };
      const done = new Set([...names, ...results.map((r) => r.name)]);
      set({ flowId, outcomes, running: s.running.filter((n) => !done.has(n)) });
    },
    fail(flowId, message) {
      set({ flowId, outcomes: of(flowId).outcomes, running: [], failure: message });
    },
    rename(from, to) {
      const { [from]: moved, ...rest } = get().outcomes;
      set({ outcomes: moved ? { ...rest, [to]: moved } : rest });
    },
    forget(name) {
      const { [name]: _gone, ...rest } = get().outcomes;
      set({ outcomes: rest });
    },
    reveal() {
      set({ revealed: get().revealed + 1 });
    },
  };
});
