import { useState } from 'react';
import { ErrorMessage } from '../../components/error-message';
import { PageHeader } from '../../components/page-header';
import { AddKeyForm } from './add-key-form';
import { CreatedKeyDialog } from './created-key-dialog';
import { KeysTable } from './keys-table';
import { ConfirmDialog } from '../../components/modal';
import type { CreatedKey, Key } from './types';
import { useDeleteKey, useKeys, useSetKeyEnabled } from './use-keys';

export function KeysPage() {
  const keys = useKeys();
  const setEnabled = useSetKeyEnabled();
  const remove = useDeleteKey();
  const [adding, setAdding] = useState(false);
  // The plaintext lives here only until the dialog closes.
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const [deleting, setDeleting] = useState<Key | null>(null);

  return (
    <>
      <PageHeader title="Keys">
        {!adding && (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            Add key
          </button>
        )}
      </PageHeader>
      <p className="muted">
        Gateway keys clients send as <code>Authorization: Bearer …</code>. Use is live: requests and
        tokens over the last 60 seconds, spend this budget period.
      </p>
      {adding && (
        <AddKeyForm
          onCancel={() => setAdding(false)}
          onCreated={(key) => {
            setAdding(false);
            setCreated(key);
          }}
        />
      )}
      <ErrorMessage error={keys.error ?? setEnabled.error} />
      {keys.isPending ? (
        <p role="status">Loading keys…</p>
      ) : (
        keys.data && (
          <KeysTable
            keys={keys.data}
            busyName={setEnabled.isPending ? (setEnabled.variables?.name ?? null) : null}
            onToggle={(key) => setEnabled.mutate({ name: key.name, enabled: !key.enabled })}
            onDelete={(key) => {
              remove.reset();
              setDeleting(key);
            }}
          />
        )
      )}
      {created && <CreatedKeyDialog created={created} onClose={() => setCreated(null)} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete key “${deleting.name}”?`}
          confirmLabel="Delete key"
          busy={remove.isPending}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate(deleting.name, { onSuccess: () => setDeleting(null) })}
        >
          <p>Clients using it are refused from now on. This cannot be undone.</p>
          <ErrorMessage error={remove.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
