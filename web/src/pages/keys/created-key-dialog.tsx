import { useState } from 'react';
import { Modal } from '../../components/modal';
import type { CreatedKey } from './types';

type CopyState = 'idle' | 'copied' | 'failed';

/**
 * The plaintext of a new key, shown this once (the gateway stores only its hash). Closing the
 * dialog drops it: the page keeps it nowhere else.
 */
export function CreatedKeyDialog({
  created,
  onClose,
}: {
  created: CreatedKey;
  onClose: () => void;
}) {
  const [copy, setCopy] = useState<CopyState>('idle');

  async function copyKey() {
    try {
      // Only in a secure context (https or localhost); elsewhere the user selects and copies.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(created.key);
      setCopy('copied');
    } catch {
      setCopy('failed');
    }
  }

  return (
    <Modal title={`Key “${created.name}” created`} onClose={onClose} className="created-key">
      <p>
        <strong>Copy this key now: it will not be shown again.</strong> The gateway keeps only its
        hash; if it is lost, delete the key and create a new one.
      </p>
      <label className="field">
        <span>New key</span>
        <input
          className="mono created-key-value"
          readOnly
          value={created.key}
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <div className="dialog-actions">
        <span role="status" className={copy === 'failed' ? 'error' : 'ok'}>
          {copy === 'copied' && 'Copied'}
          {copy === 'failed' && 'Could not copy: select the key and copy it by hand.'}
        </span>
        <button type="button" onClick={copyKey}>
          Copy
        </button>
        <button type="button" className="primary" onClick={onClose}>
          Done
        </button>
      </div>
    </Modal>
  );
}
