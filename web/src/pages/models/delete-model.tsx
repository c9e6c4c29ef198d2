import { ErrorMessage } from '../../components/error-message';
import { ConfirmDialog } from '../../components/modal';
import { useDeleteModel } from './use-models';

/** Confirm, then DELETE /admin/models/{name}. */
export function DeleteModel({ name, onDone }: { name: string; onDone: () => void }) {
  const remove = useDeleteModel();
  return (
    <ConfirmDialog
      title={`Delete model ${name}?`}
      confirmLabel="Delete"
      busy={remove.isPending}
      onConfirm={() => remove.mutate(name, { onSuccess: onDone })}
      onCancel={onDone}
    >
      <p>Clients asking for {name} will get a 404 (or a glob model that matches the name).</p>
      <ErrorMessage error={remove.error} />
    </ConfirmDialog>
  );
}
