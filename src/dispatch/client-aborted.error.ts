import { GatewayError } from '../common/errors/gateway-error';

/** The client went away before an answer: nothing to send, only usage to record. */
export class ClientAbortedError extends GatewayError {
  constructor() {
    super(499, 'invalid_request', 'client_closed_request', 'The client closed the request.');
  }
}
