import { useState } from 'react';
import { api } from '../api/client.ts';
import { Dialog } from '../ui/dialog.tsx';
import { slugify, uniqueId } from './flow-ids.ts';

export function CreateFlowDialog({
  open,
  taken,
  onClose,
  onCreated,
}: {
  open: boolean;
  taken: Set<string>;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [idEdited, setIdEdited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shownId = idEdited ? id : uniqueId(slugify(name), taken);

  const create = async () => {
    if (!name.trim()) return setError('Give the flow a name.');
    if (!shownId) return setError('Give the flow an id.');
    setBusy(true);
    try {
      await api.post('/api/flows', { id: shownId, name: name.trim(), schemaVersion: 1, nodes: [], edges: [] });
      setName('');
      setId('');
      setIdEdited(false);
      setError(null);
      onCreated(shownId);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={open}
      title="New flow"
      onClose={onClose}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" onClick={create} disabled={busy}>
            Create flow
          </button>
        </>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <div className="field">
          <label htmlFor="new-flow-name">Flow name</label>
          <input
            id="new-flow-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="e.g. Opportunity won to ERP"
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="new-flow-id">Flow id</label>
          <input
            id="new-flow-id"
            className="mono"
            value={shownId}
            onChange={(e) => {
              setIdEdited(true);
              setId(e.target.value);
            }}
          />
          <div className="field-help">Used in URLs and the API; letters, digits, “-”, “_” and “.”.</div>
        </div>
        {error && (
          <p className="error-line" role="alert">
            {error}
          </p>
        )}
      </form>
    </Dialog>
  );
}
