import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Weft } from '../../runtime/weft.ts';
import type { NewRun } from '../../runtime/store/run-store.ts';
import { TEXT_SEARCH_RUNS } from '../../runtime/api/routes/runs.ts';
import { client } from '../support/api.ts';
import { testWeft } from '../support/weft.ts';

let weft: Weft;
let call: ReturnType<typeof client>;
const T0 = Date.UTC(2026, 5, 1);

const run = (id: string, createdAt: number, body: unknown, o: Partial<NewRun> = {}): NewRun => ({
  id,
  flowId: 'invoices',
  version: 1,
  mode: 'live',
  status: 'succeeded',
  triggerNode: 'in',
  trigger: JSON.stringify({ body }),
  createdAt,
  updatedAt: createdAt,
  finishedAt: createdAt,
  ...o,
});

beforeAll(async () => {
  weft = await testWeft();
  call = client(weft);
  // One old run holding "Globex", then a window's worth of newer runs that do not.
  await weft.store.write(async (tx) => {
    await tx.runs.insertRun(run('run_old', T0, { customer: 'Globex', invoice: 'INV-1' }, { businessKey: 'INV-1' }));
    for (let i = 1; i <= TEXT_SEARCH_RUNS; i++)
      await tx.runs.insertRun(run(`run_new_${String(i).padStart(5, '0')}`, T0 + i, { n: i }));
  });
}, 120_000);
afterAll(() => weft?.close(100));

async function search(query: string): Promise<{ ids: string[]; searchedFrom: number | null }> {
  const res = await call('GET', `/api/runs?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ids: res.body.runs.map((r: { id: string }) => r.id), searchedFrom: res.body.searchedFrom };
}

describe('API: the text search window of the run history', () => {
  it('looks for text in the newest runs only, and says since when', async () => {
    expect(TEXT_SEARCH_RUNS).toBe(10_000);
    expect(await search('q=Globex')).toEqual({ ids: [], searchedFrom: T0 + 1 });
  });

  it('finds a run outside the window by its business key', async () => {
    expect(await search('q=INV-1')).toEqual({ ids: ['run_old'], searchedFrom: T0 + 1 });
  });

  it('finds it by its text once a time range includes it', async () => {
    expect(await search(`q=globex&to=${T0 + 1}`)).toEqual({ ids: ['run_old'], searchedFrom: null });
    expect(await search(`q=globex&from=${T0}&to=${T0 + 5000}`)).toEqual({ ids: ['run_old'], searchedFrom: null });
  });

  it('keeps the window while paging, and has none without a text', async () => {
    const first = await search('q=%22n%22&limit=2');
    expect(first).toEqual({ ids: ['run_new_10000', 'run_new_09999'], searchedFrom: T0 + 1 });
    const page = await search(`q=%22n%22&limit=2&before=run_new_09999`);
    expect(page).toEqual({ ids: ['run_new_09998', 'run_new_09997'], searchedFrom: T0 + 1 });
    expect(await search('limit=1')).toEqual({ ids: ['run_new_10000'], searchedFrom: null });
  });
});
