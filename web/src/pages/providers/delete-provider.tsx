import { ErrorMessage } from '../../components/error-message';
import { ConfirmDialog } from '../../components/modal';
import { useDeleteProvider } from './use-providers';

/** Confirm, then DELETE /admin/providers/{id}; a provider still used by a model answers 409. */
export function DeleteProvider({ id, onDone }: { id: string; onDone: () => void }) {
  const remove = useDeleteProvider();
  return (
    <ConfirmDialog
      title={`Delete provider ${id}?`}
      confirmLabel="Delete"
      busy={remove.isPending}
      onConfirm={() => remove.mutate(id, { onSuccess: onDone })}
      onCancel={onDone}
    >
      <p>Requests can no longer be sent to it. Models that target it must drop it first.</p>
      <ErrorMessage error={remove.error} />
    </ConfirmDialog>
  );
}
