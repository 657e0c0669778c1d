import { useCallback, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useFlows } from '../api/queries.ts';
import { formatTime } from '../ui/format.ts';
import { Empty, ErrorBox, Loading } from '../ui/states.tsx';
import { apiQuery, hasFilters, readFilters, writeFilters, type RunFilters } from './filters.ts';
import { useRunList } from './queries.ts';
import { RunsFilters } from './runs-filters.tsx';
import { RunsTable } from './runs-table.tsx';
import './runs.css';

/** Run history: filters in the address, newest runs first, more on demand. */
export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const list = useRunList(apiQuery(filters));
  const flows = useFlows();
  const flowNames = useMemo(() => new Map((flows.data ?? []).map((f) => [f.id, f.name])), [flows.data]);
  const runs = useMemo(() => list.data?.pages.flatMap((p) => p.runs) ?? [], [list.data]);
  const searchedFrom = list.data?.pages[0]?.searchedFrom ?? null;

  const change = useCallback(
    (patch: Partial<RunFilters>, replace = false) => {
      setParams((prev) => writeFilters(prev, { ...readFilters(prev), ...patch }), { replace });
    },
    [setParams],
  );
  const clear = () => setParams((prev) => writeFilters(prev, readFilters(new URLSearchParams())));
  const filtered = hasFilters(filters);

  return (
    <main className="page runs-page">
      <div className="page-head">
        <h1>Runs</h1>
        <div className="actions">
          {filtered && (
            <button type="button" onClick={clear}>
              Clear filters
            </button>
          )}
          <button type="button" onClick={() => list.refetch()} aria-busy={list.isFetching}>
            Refresh
          </button>
        </div>
      </div>
      <RunsFilters filters={filters} flows={flows.data ?? []} onChange={change} />
      {searchedFrom !== null && (
        <p className="runs-window" role="status">
          The text was looked for in the trigger events of the newest 10,000 runs, started since{' '}
          <time dateTime={new Date(searchedFrom).toISOString()}>{formatTime(searchedFrom)}</time>; business keys match
          in every run. To search earlier runs, set <i>Started before</i>.
        </p>
      )}
      {list.isPending ? (
        <Loading what="runs" />
      ) : list.isError && !list.data ? (
        <ErrorBox title="The runs could not be loaded" error={list.error} onRetry={() => list.refetch()} />
      ) : runs.length === 0 ? (
        filtered ? (
          <Empty title="No runs match these filters">
            <p>Widen the time range, pick another flow or status, or search for a shorter text.</p>
            <button type="button" onClick={clear}>
              Clear filters
            </button>
          </Empty>
        ) : (
          <Empty title="No runs yet">
            <p>
              Activate a flow and send its trigger (call its webhook, wait for its schedule or start it by hand), or
              start a test run from the flow editor. Its runs appear here.
            </p>
            <Link to="/">Go to flows</Link>
          </Empty>
        )
      ) : (
        <>
          {list.isRefetchError && (
            <p className="runs-stale" role="status">
              Could not refresh: {list.error?.message}. Showing the last runs loaded.
            </p>
          )}
          <div className="runs-results" aria-busy={list.isPlaceholderData}>
            <RunsTable runs={runs} flowNames={flowNames} />
          </div>
          <div className="runs-more">
            {list.hasNextPage ? (
              <button
                type="button"
                onClick={() => list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
                aria-busy={list.isFetchingNextPage}
              >
                Load more
              </button>
            ) : (
              <span className="muted">{runs.length === 1 ? '1 run' : `${runs.length} runs`}, no more.</span>
            )}
            {list.isFetchNextPageError && (
              <ErrorBox title="More runs could not be loaded" error={list.error} onRetry={() => list.fetchNextPage()} />
            )}
          </div>
        </>
      )}
    </main>
  );
}
