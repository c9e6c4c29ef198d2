import { ErrorMessage } from '../../components/error-message';
import { Modal } from './modal';
import { useDeleteProvider } from './use-providers';

/** Confirm, then DELETE /admin/providers/{id}; a provider still used by a model answers 409. */
export function DeleteProvider({ id, onDone }: { id: string; onDone: () => void }) {
  const remove = useDeleteProvider();
  return (
    <Modal title={`Delete provider ${id}?`} onClose={onDone}>
      <p>Requests can no longer be sent to it. Models that target it must drop it first.</p>
      <ErrorMessage error={remove.error} />
      <div className="dialog-actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button
          type="button"
          className="danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate(id, { onSuccess: onDone })}
        >
          Delete
        </button>
      </div>
    </Modal>
  );
}
