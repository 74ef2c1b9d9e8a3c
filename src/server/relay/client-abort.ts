import type { ServerResponse } from 'node:http';

/**
 * One AbortSignal per request, from the client connection to the upstream call: it aborts when
 * the client's connection closes before the response was fully written.
 * @param response the client's response object
 */
export function abortOnClientClose(response: ServerResponse): AbortController {
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new ClientClosedError());
  });
  return controller;
}

/** The abort reason when the client went away before its answer was complete (not a gateway fault). */
export class ClientClosedError extends Error {
  constructor() {
    super('client closed the connection');
    this.name = 'ClientClosedError';
  }
}
