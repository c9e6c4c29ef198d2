/**
 * Backpressure from the client's socket to the upstream body. The stream writer closes the
 * gate when the socket's buffer is full (`write()` returned false) and opens it on 'drain'; the
 * reader of the upstream body waits at a closed gate before reading on, so a slow client slows
 * the upstream (through TCP) instead of piling its events up in the gateway's memory.
 */
export class FlowGate {
  private closed: Promise<void> | null = null;
  private release: (() => void) | null = null;

  /** A promise to wait on while the gate is closed; null when open (nothing to wait for). */
  whenOpen(): Promise<void> | null {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = new Promise<void>((resolve) => (this.release = resolve));
  }

  open(): void {
    const release = this.release;
    this.closed = null;
    this.release = null;
    release?.();
  }
}
