import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { QueryView, RowButton, Table } from '../ui/data-table.tsx';
import { Notice, PageHead, type Message } from '../ui/page-head.tsx';
import { ConfirmDialog } from '../ui/dialog.tsx';
import { useCan } from '../auth/session.tsx';
import {
  blankRow,
  downloadText,
  lookupPath,
  rowsOf,
  entryValue,
  type EditRow,
  type LookupSummary,
  type LookupTable,
} from './lookup-api.ts';
import '../admin/admin.css';

const entriesText = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

/**
 * One lookup table: its entries edited in place (add, change, remove rows), saved as a whole with the
 * version they were read at, so a change made meanwhile by someone else is reported instead of overwritten.
 */
export function LookupTablePage() {
  const name = useParams().name!;
  const analyst = useCan()('analyst');
  const qc = useQueryClient();
  const navigate = useNavigate();
  const table = useQuery({ queryKey: ['lookup-tables', name], queryFn: () => api.get<LookupTable>(lookupPath(name)) });
  const [rows, setRows] = useState<EditRow[]>([]);
  const [version, setVersion] = useState(0);
  const [dirty, setDirtyState] = useState(false);
  // Read by the effect below without re-running it: edits not yet sent are never replaced by a refetch.
  const unsent = useRef(false);
  const setDirty = (d: boolean) => {
    unsent.current = d;
    setDirtyState(d);
  };
  const [message, setMessage] = useState<Message | null>(null);
  const [deleting, setDeleting] = useState(false);
  const file = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!table.data || unsent.current) return;
    setRows(rowsOf(table.data));
    setVersion(table.data.version);
    setDirtyState(false);
  }, [table.data]);

  const edit = (id: number, change: Partial<EditRow>) => {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, ...change } : r)));
    setDirty(true);
  };
  const fail = (e: Error) => setMessage({ text: e.message, error: true });
  const saved = async (s: LookupSummary, text: string) => {
    setMessage({ text });
    await qc.invalidateQueries({ queryKey: ['lookup-tables'] });
    setVersion(s.version);
  };
  const save = () => {
    // Sent: what is typed from here on is new, unsent work.
    setDirty(false);
    return api
      .put<LookupSummary>(lookupPath(name), {
        version,
        entries: rows.map((r) => ({ key: r.key, value: entryValue(r) })),
      })
      .then(
        (s) => saved(s, `Saved version ${s.version} (${entriesText(s.entryCount)})`),
        (e: Error) => {
          setDirty(true);
          fail(e);
        },
      );
  };
  const importCsv = async (f: File) => {
    const s = await api.send<LookupSummary>('PUT', lookupPath(name), {
      text: await f.text(),
      type: 'text/csv',
      headers: { 'if-match': `"${version}"` },
    });
    setDirty(false);
    await saved(s, `Imported ${f.name}: version ${s.version} (${entriesText(s.entryCount)})`);
  };
  const exportCsv = () =>
    api.text(`${lookupPath(name)}.csv`).then((csv) => downloadText(`${name}.csv`, csv, 'text/csv'), fail);

  return (
    <main className="page admin-page">
      <PageHead
        title={
          <>
            <Link to="/lookups">Lookup tables</Link> / {name}
          </>
        }
      >
        <button type="button" onClick={() => void exportCsv()} disabled={dirty}>
          Export CSV
        </button>
        {analyst && (
          <>
            <button type="button" onClick={() => file.current?.click()} disabled={!table.data}>
              Import CSV…
            </button>
            <input
              ref={file}
              type="file"
              accept=".csv,text/csv"
              hidden
              aria-label="CSV file to import"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void importCsv(f).catch(fail);
              }}
            />
            <button type="button" onClick={() => setDeleting(true)}>
              Delete
            </button>
            <button type="button" className="primary" disabled={!dirty || !table.data} onClick={() => void save()}>
              Save
            </button>
          </>
        )}
      </PageHead>
      <p className="muted">
        Version {version} · read in expressions as <code>$lookup('{name}', key)</code>
        {dirty && ' · unsaved changes'}
      </p>
      <Notice message={message} />
      <QueryView query={table} what="the lookup table" errorTitle="The lookup table could not be loaded">
        {() => (
          <Table columns={['Key', 'Value']} actions={analyst ? 'Remove' : undefined} className="lookup-entries">
            {rows.map((r, i) => (
              <tr key={r.id}>
                <td>
                  <input
                    aria-label={`Key of row ${i + 1}`}
                    value={r.key}
                    readOnly={!analyst}
                    onChange={(e) => edit(r.id, { key: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Value of row ${i + 1}`}
                    className={r.json ? 'mono' : undefined}
                    value={r.text}
                    readOnly={!analyst}
                    onChange={(e) => edit(r.id, { text: e.target.value })}
                  />
                </td>
                {analyst && (
                  <td className="row-actions">
                    <RowButton
                      label={`Remove row ${i + 1}`}
                      onClick={() => (setRows((rs) => rs.filter((x) => x.id !== r.id)), setDirty(true))}
                    >
                      Remove
                    </RowButton>
                  </td>
                )}
              </tr>
            ))}
          </Table>
        )}
      </QueryView>
      {analyst && (
        <button
          type="button"
          disabled={!table.data}
          onClick={() => (setRows((rs) => [...rs, blankRow()]), setDirty(true))}
        >
          Add row
        </button>
      )}
      <ConfirmDialog
        open={deleting}
        title={`Delete “${name}”?`}
        danger
        confirmLabel="Delete lookup table"
        message={<p>Expressions that read it with $lookup fail until a table of this name exists again.</p>}
        onConfirm={() =>
          void api.del(lookupPath(name)).then(() => {
            void qc.invalidateQueries({ queryKey: ['lookup-tables'] });
            navigate('/lookups');
          }, fail)
        }
        onClose={() => setDeleting(false)}
      />
    </main>
  );
}
