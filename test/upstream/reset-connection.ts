// How a faulty fake upstream breaks a connection: a TCP reset (RST), as a failing upstream or proxy would.
import type { ServerResponse } from 'node:http';
import type { ReplyOutput } from './write-reply-stream.js';

/** Pause between the last bytes of a faulty stream and the socket reset, so the client reads them first (ms). */
export const RESET_GRACE_MS = 20;

/** Drops the connection with a TCP reset (RST); nothing happens when the response has no socket any more. */
export function resetConnection(response: ServerResponse): void {
  const socket = response.socket;
  if (socket === null) return;
  socket.resetAndDestroy();
}

/** The `reset` stream fault: waits {@link RESET_GRACE_MS} after the last written event, then resets. */
export async function resetConnectionAfterGrace(output: ReplyOutput): Promise<void> {
  await output.sleep(RESET_GRACE_MS);
  resetConnection(output.response);
}
