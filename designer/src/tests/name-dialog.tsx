import { useEffect, useState } from 'react';
import { FormDialog } from '../ui/form-dialog.tsx';
import { TextField } from '../ui/form.tsx';

/** Asks for a test case's name; `submit` throws to show why the name is refused. */
export function NameDialog({
  open,
  title,
  submitLabel,
  initial,
  help,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  initial: string;
  help?: string;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  useEffect(() => {
    if (open) setName(initial);
  }, [open, initial]);
  return (
    <FormDialog open={open} title={title} submitLabel={submitLabel} onClose={onClose} onSubmit={() => onSubmit(name)}>
      {help && <p className="muted">{help}</p>}
      <TextField label="Test case name" value={name} onChange={setName} maxLength={200} />
    </FormDialog>
  );
}
