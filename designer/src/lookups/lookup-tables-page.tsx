import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { Empty } from '../ui/states.tsx';
import { QueryTable } from '../ui/data-table.tsx';
import { PageHead } from '../ui/page-head.tsx';
import { FormDialog, useFormValues } from '../ui/form-dialog.tsx';
import { TextField } from '../ui/form.tsx';
import { formatTime } from '../ui/format.ts';
import { useCan } from '../auth/session.tsx';
import { LOOKUP_NAME } from '../../../shared/lookups.ts';
import { listLookups, type LookupSummary } from './lookup-api.ts';
import '../admin/admin.css';

/** Lookup tables (key → value) that expressions read with $lookup('table', key); analysts maintain them. */
export function LookupTablesPage() {
  const analyst = useCan()('analyst');
  const navigate = useNavigate();
  const list = useQuery({ queryKey: ['lookup-tables'], queryFn: listLookups });
  const [creating, setCreating] = useState(false);
  const [values, set] = useFormValues(creating, () => ({ name: '' }));
  const nameError =
    values.name && !LOOKUP_NAME.test(values.name) ? 'Start with a letter; letters, digits, _ and -' : null;

  return (
    <main className="page admin-page">
      <PageHead title="Lookup tables">
        {analyst && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New lookup table
          </button>
        )}
      </PageHead>
      <QueryTable<LookupSummary>
        query={list}
        what="lookup tables"
        errorTitle="Lookup tables could not be loaded"
        empty={
          <Empty title="No lookup tables yet">
            A lookup table maps keys to values (a CRM account id to an ERP customer number, a service line to a GL
            account); expressions read it with <code>$lookup('table', key)</code>.
          </Empty>
        }
        columns={['Name', 'Entries', 'Version', 'Changed']}
        row={(t) => (
          <tr key={t.name}>
            <td>
              <Link to={`/lookups/${encodeURIComponent(t.name)}`}>
                <strong className="mono">{t.name}</strong>
              </Link>
            </td>
            <td>{t.entryCount}</td>
            <td>{t.version}</td>
            <td>
              {formatTime(t.updatedAt)}
              {t.updatedBy && <div className="muted">{t.updatedBy}</div>}
            </td>
          </tr>
        )}
      />
      <FormDialog
        open={creating}
        title="New lookup table"
        submitLabel="Create"
        onClose={() => setCreating(false)}
        onSubmit={async () => {
          await api.post('/api/lookup-tables', { name: values.name, entries: [] });
          setCreating(false);
          navigate(`/lookups/${encodeURIComponent(values.name)}`);
        }}
      >
        <TextField
          label="Name"
          value={values.name}
          error={nameError}
          onChange={(v) => set('name', v)}
          placeholder="crm_to_erp"
          autoFocus
        />
      </FormDialog>
    </main>
  );
}
