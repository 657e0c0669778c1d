import { useCallback, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api, type ApiError, enc } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Draft, FlowDefinition, FlowProblem, RunView, VersionInfo } from '../api/types.ts';
import { useEditor } from './store.ts';
import { pauseOf } from './run-pause.ts';
import { formatTime } from '../ui/format.ts';
import { refusedForTests } from '../tests/use-test-actions.ts';

export type Busy = null | 'saving' | 'testing' | 'publishing';

export interface Notice {
  kind: 'info' | 'error';
  text: string;
}

/** Save, validate, test run and publish the flow being edited, over the runtime's API. */
export function useFlowActions(notify: (n: Notice) => void) {
  const qc = useQueryClient();
  const [busy, setBusy] = useState<Busy>(null);

  const checks = useRef(0);
  /** Checks the draft as it is on screen, saved or not; an answer overtaken by a later check is dropped. */
  const validate = useCallback(async (): Promise<FlowProblem[] | null> => {
    const s = useEditor.getState();
    const ticket = ++checks.current;
    try {
      const r = await api.post<{ valid: boolean; problems: FlowProblem[] }>(`/api/flows/${enc(s.flowId!)}/validate`, {
        definition: s.definition(),
      });
      if (ticket !== checks.current) return r.problems;
      useEditor.getState().setProblems(r.problems);
      return r.problems;
    } catch (e) {
      notify({ kind: 'error', text: `Could not check the flow: ${(e as Error).message}` });
      return null;
    }
  }, [notify]);

  const saveNow = useCallback(async (): Promise<boolean> => {
    const s = useEditor.getState();
    const atSeq = s.seq;
    const definition = s.definition();
    try {
      const saved = await api.put<{ definition: FlowDefinition; revision: number }>(`/api/flows/${enc(s.flowId!)}`, {
        definition,
        revision: s.revision,
      });
      useEditor.getState().markSaved(saved.revision, atSeq);
      // The cached draft is what the editor opens from next time: it holds what was just saved.
      qc.setQueryData<Draft>(
        keys.flow(s.flowId!),
        (d) => d && { ...d, definition: saved.definition, revision: saved.revision },
      );
      qc.invalidateQueries({ queryKey: keys.flow(s.flowId!), exact: true });
      qc.invalidateQueries({ queryKey: keys.flows });
      await validate();
      return true;
    } catch (e) {
      const err = e as ApiError;
      if (err.status === 409)
        notify({
          kind: 'error',
          text: 'Someone else saved this flow after you opened it. Copy your changes, then reload to see theirs.',
        });
      else notify({ kind: 'error', text: `Not saved: ${err.message}` });
      return false;
    }
  }, [qc, validate, notify]);

  const save = useCallback(async () => {
    setBusy('saving');
    try {
      if (await saveNow()) notify({ kind: 'info', text: 'Saved' });
    } finally {
      setBusy(null);
    }
  }, [saveNow, notify]);

  const testRun = useCallback(async () => {
    const s = useEditor.getState();
    const sample = s.meta.samples?.[s.sampleIndex];
    setBusy('testing');
    try {
      if (s.seq !== s.savedSeq && !(await saveNow())) return;
      const run = await api.post<RunView>(`/api/flows/${enc(s.flowId!)}/test`, { input: sample?.payload ?? null });
      useEditor.getState().setTestRun(run);
      const pause = pauseOf(run, formatTime);
      notify({
        kind: run.status === 'failed' ? 'error' : 'info',
        text:
          run.status === 'failed'
            ? `Test run failed at ${run.error?.nodeId ?? 'a step'}: ${run.error?.message ?? ''}`
            : pause
              ? `Test run paused at ${pause.nodeId}: ${pause.text}`
              : `Test run ${run.status}`,
      });
    } catch (e) {
      notify({ kind: 'error', text: `Test run not started: ${(e as Error).message}` });
    } finally {
      setBusy(null);
    }
  }, [saveNow, notify]);

  const publish = useCallback(
    async (note: string): Promise<VersionInfo | null> => {
      const s = useEditor.getState();
      setBusy('publishing');
      try {
        if (s.seq !== s.savedSeq && !(await saveNow())) return null;
        const problems = await validate();
        if (problems?.some((p) => p.severity === 'error')) {
          notify({ kind: 'error', text: 'Fix the problems listed below before publishing.' });
          return null;
        }
        const v = await api.post<VersionInfo>(`/api/flows/${enc(s.flowId!)}/publish`, { note: note || undefined });
        qc.invalidateQueries({ queryKey: keys.versions(s.flowId!) });
        qc.invalidateQueries({ queryKey: keys.flows });
        return v;
      } catch (e) {
        const err = e as ApiError;
        const failing = refusedForTests(s.flowId!, err.code, err.details);
        notify({ kind: 'error', text: failing ?? `Not published: ${err.message}` });
        return null;
      } finally {
        setBusy(null);
      }
    },
    [saveNow, validate, qc, notify],
  );

  return { busy, save, saveNow, validate, testRun, publish };
}
