import { ErrorMessage } from '../../components/error-message';
import { Modal } from '../providers/modal';
import { useDeleteModel } from './use-models';

/** Confirm, then DELETE /admin/models/{name}. */
export function DeleteModel({ name, onDone }: { name: string; onDone: () => void }) {
  const remove = useDeleteModel();
  return (
    <Modal title={`Delete model ${name}?`} onClose={onDone}>
      <p>Clients asking for {name} will get a 404 (or a glob model that matches the name).</p>
      <ErrorMessage error={remove.error} />
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(name, { onSuccess: onDone })}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
